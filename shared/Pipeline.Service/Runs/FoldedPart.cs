using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Records;

namespace Pipeline.Runs;

/// <summary>The fold contexts of one run: the period assessed and the previous one (for the change tests), with the run's master data.</summary>
/// <param name="Current">The period assessed.</param>
/// <param name="Previous">The period before it.</param>
public sealed record FoldContexts(FoldContext Current, FoldContext Previous)
{
    /// <summary>The contexts of <paramref name="manifest"/>'s run with <paramref name="master"/>: its settings, zone and cut-off.</summary>
    public static FoldContexts Of(RunManifest manifest, MasterData master)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(master);
        var zone = new Pipeline.Time.CompanyTimeZone(manifest.TimeZone);
        return new FoldContexts(
            new FoldContext(manifest.Period, manifest.Settings, zone, master.Employees, master.Customers, manifest.Provisional ? manifest.StartedAt : null),
            new FoldContext(manifest.Period.Previous, manifest.Settings, zone, master.Employees, master.Customers));
    }
}

/// <summary>One partition of a run folded: its part of the period, its part of the previous period, and its fingerprint.</summary>
/// <param name="Work">The partition.</param>
/// <param name="Current">What its records add to the period assessed.</param>
/// <param name="Previous">What they add to the previous period.</param>
/// <param name="Fingerprint">The partition's records, counted and hashed as read (CONTRACT §9).</param>
public sealed record FoldedPart(PartitionWork Work, AssessmentEngine Current, AssessmentEngine Previous, PartitionFingerprint Fingerprint);
