namespace Pipeline.Standalone;

/// <summary>
/// Stops the embedded Azurite when the host stops. Registered before every other hosted service, so it
/// is stopped after them (the host stops hosted services in reverse order), and awaited by the host's stop.
/// </summary>
internal sealed class EmbeddedAzuriteLifetime(EmbeddedAzurite azurite) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        azurite.Dispose();
        return Task.CompletedTask;
    }
}
