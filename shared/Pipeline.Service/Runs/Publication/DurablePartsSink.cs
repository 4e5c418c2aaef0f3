namespace Pipeline.Runs.Publication;

/// <summary>
/// The clean-up of a durable run once its reports are in place and before it is recorded as completed
/// (<see cref="DurableFolds.EndAsync"/>): whoever sees the run completed finds its parts gone.
/// </summary>
public sealed class DurablePartsSink(DurableFolds folds) : IPublicationSink
{
    /// <inheritdoc />
    public int Order => 40;

    /// <inheritdoc />
    public Task PublishAsync(PublishedRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var manifest = run.Run.Manifest;
        return manifest.Executor == RunManifest.DurableExecutor
            ? folds.EndAsync(manifest.Period, manifest.RunId, failed: false, cancellationToken)
            : Task.CompletedTask;
    }
}
