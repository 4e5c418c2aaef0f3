using Microsoft.Extensions.Logging;

namespace Pipeline.Runs.Publication;

/// <summary>
/// The report set in the <c>reports</c> container (CONTRACT §6): the run's own folder, the history rows, the period's latest
/// paths and <c>index.json</c> (<see cref="AssessmentStore.PublishAsync"/>).
/// </summary>
public sealed partial class ReportBlobsSink(AssessmentStore store, ILogger<ReportBlobsSink> logger) : IPublicationSink
{
    /// <inheritdoc />
    public int Order => 0;

    /// <inheritdoc />
    public async Task PublishAsync(PublishedRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Latest = await store.PublishAsync(run.Run.Result, run.Files, cancellationToken).ConfigureAwait(false);
        if (!run.Latest)
        {
            LogKeptBehindFinal(run.Run.Result.Period, run.Run.Result.RunId);
        }
    }

    [LoggerMessage(LogLevel.Warning,
        "Provisional run {RunId} of {Period} was kept under its own folder only: a final result of the period is published, and stays the latest")]
    private partial void LogKeptBehindFinal(string period, string runId);
}
