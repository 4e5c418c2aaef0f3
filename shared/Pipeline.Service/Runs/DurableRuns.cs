namespace Pipeline.Runs;

/// <summary>
/// The activities of an assessment's orchestration (<see cref="AssessmentOrchestration"/>), as both hostings' Durable
/// functions call them in one line each (their Durable APIs differ): fold partitions (<see cref="DurableFolds"/>), then
/// finish the run from the parts (<see cref="AssessmentPipeline.FinishAsync"/>), or record its failure
/// (<see cref="AssessmentPipeline.FailAsync"/>).
/// </summary>
public class DurableRuns(AssessmentPipeline pipeline, DurableFolds folds, AssessmentStore store)
{
    /// <summary>The fold activity (<see cref="DurableFolds.FoldPartitionsAsync"/>).</summary>
    public virtual Task<IReadOnlyList<string>> FoldPartitionsAsync(DurableFolds.FoldBatch batch, CancellationToken cancellationToken = default) =>
        folds.FoldPartitionsAsync(batch, cancellationToken);

    /// <summary>
    /// The finishing activity: reads the parts in the plan's order, completes, renders and publishes exactly as an
    /// in-process run does; the parts are deleted before the run is recorded as completed (<see cref="Publication.DurablePartsSink"/>). Before the result is published, the run's
    /// <see cref="DurableFolds.SummaryFile"/> records which instances folded its partitions.
    /// </summary>
    public virtual async Task PublishAsync(DurableFolds.PublishInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var period = input.Plan.Period;
        if (await store.StatusAsync(period, input.RunId, cancellationToken).ConfigureAwait(false) is { Status: RunStatus.Failed } failed)
        {
            // Stopped past its deadline while its last folds ran: a failed run publishes nothing.
            throw new InvalidOperationException($"Run {input.RunId} of {period} is recorded as failed ({failed.Error}); it is not published.");
        }

        var run = await folds.RunAsync(input.RunId, input.Plan, cancellationToken).ConfigureAwait(false);
        await folds.WriteSummaryAsync(run, input.Started, cancellationToken).ConfigureAwait(false);
        await pipeline.FinishAsync(run, folds.PartsAsync(run, cancellationToken), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The failing activity: records the run's failure (<see cref="AssessmentPipeline.FailAsync"/>): nothing of it is published.</summary>
    public virtual async Task FailAsync(DurableFolds.FailInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var manifest = await store.ManifestAsync(input.Period, input.RunId, cancellationToken).ConfigureAwait(false);
        await pipeline.FailAsync(input.Period, input.RunId, input.Error, manifest, durable: true).ConfigureAwait(false);
    }
}
