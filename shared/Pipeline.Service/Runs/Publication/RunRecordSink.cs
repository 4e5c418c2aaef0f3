namespace Pipeline.Runs.Publication;

/// <summary>
/// Records the run as completed once its reports are in place, before anything announces it: its status row and its
/// manifest, completed with the input fingerprint, the files published and when it ended (CONTRACT §9).
/// </summary>
public sealed class RunRecordSink(AssessmentStore store, TimeProvider time) : IPublicationSink
{
    /// <inheritdoc />
    public int Order => 50;

    /// <inheritdoc />
    public async Task PublishAsync(PublishedRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var finished = time.GetUtcNow();
        var manifest = run.Run.Manifest with { Status = RunStatus.Completed, FinishedAt = finished, Reports = run.Run.Result.Reports };
        await store.WriteManifestAsync(manifest, cancellationToken).ConfigureAwait(false);
        await store.FinishAsync(manifest.Period, manifest.RunId, finished, null, cancellationToken).ConfigureAwait(false);
    }
}
