namespace Pipeline.Tests.Infrastructure;

/// <summary>
/// Real time shifted by a fixed amount, so that "now" reads <paramref name="now"/> when the provider is made and then
/// advances as real time does. Timers, delays and timestamps are the system's (inherited from <see cref="TimeProvider"/>),
/// so code that waits or measures durations (the storage probe, progress saves) behaves as in production — which a
/// <c>FakeTimeProvider</c>, that moves only when told, would not.
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly TimeSpan _shift = now - System.GetUtcNow();

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}
