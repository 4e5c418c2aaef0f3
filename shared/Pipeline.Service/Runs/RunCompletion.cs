using Pipeline.Assessment;
using Pipeline.Records;

namespace Pipeline.Runs;

/// <summary>
/// The complete stage of a run: merges the parts in the plan's order into the master data folded once, scores, raises
/// alerts and tests changes against the previous period, and completes the manifest's input fingerprint from the parts'.
/// The same code whichever executor folded the parts, so every way of folding gives the same result.
/// </summary>
public static class RunCompletion
{
    /// <summary>Merges <paramref name="parts"/> (in the plan's order) and completes the run of <paramref name="manifest"/>.</summary>
    public static async Task<CompletedRun> CompleteAsync(
        RunManifest manifest, FoldContexts contexts, IAsyncEnumerable<FoldedPart> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(parts);
        var total = new AssessmentEngine(contexts.Current);
        var before = new AssessmentEngine(contexts.Previous);
        total.AddMasterData();
        before.AddMasterData();
        var fingerprints = new List<PartitionFingerprint>();
        await foreach (var part in parts.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            total.Merge(part.Current);
            before.Merge(part.Previous);
            fingerprints.Add(part.Fingerprint);
        }

        var figures = total.Figures();
        var result = total.Complete(manifest.RunId, manifest.StartedAt, figures, before.Figures(), before.Period);
        return new CompletedRun(manifest with { Fingerprint = InputFingerprint.Of(fingerprints) }, result, total, figures);
    }
}

/// <summary>A run folded and completed, not yet rendered or published.</summary>
/// <param name="Manifest">The run's manifest, with its input fingerprint.</param>
/// <param name="Result">The assessment result.</param>
/// <param name="Engine">The merged engine (its family details feed the analysis reports).</param>
/// <param name="Figures">Each scope's figures, with the family states behind its alerts.</param>
public sealed record CompletedRun(RunManifest Manifest, AssessmentResult Result, AssessmentEngine Engine, IReadOnlyList<ScopeFigures> Figures);
