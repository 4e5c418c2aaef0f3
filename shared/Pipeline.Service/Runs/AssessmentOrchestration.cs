namespace Pipeline.Runs;

/// <summary>What an orchestration of one assessment is given: the run, its plan and when it started.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Plan">The run's plan (its partitions: the activities).</param>
/// <param name="Started">When the run started.</param>
/// <param name="Timeout">
/// How long after the orchestration starts its folds must be done (<c>Assessment:RunTimeoutMinutes</c>), in the
/// orchestration's own time; past it the run fails with that error instead of staying "running" (an activity lost with an
/// instance, a control queue whose lease never came back). Null: no deadline.
/// </param>
/// <param name="PartitionsPerActivity">
/// How many consecutive partitions of the plan one fold activity folds (<c>Assessment:PartitionsPerActivity</c>); 1 is one
/// activity per partition.
/// </param>
public sealed record OrchestrationInput(string RunId, AssessmentPlan Plan, DateTimeOffset Started, TimeSpan? Timeout = null, int PartitionsPerActivity = 1);

/// <summary>The activities of an assessment's orchestration, as the orchestrator of a hosting calls them.</summary>
public interface IAssessmentActivities
{
    /// <summary>Folds a batch of partitions (<see cref="DurableFolds.FoldPartitionsAsync"/>); the names of the blobs of their parts.</summary>
    Task<IReadOnlyList<string>> FoldPartitionsAsync(DurableFolds.FoldBatch batch);

    /// <summary>Merges and publishes (<see cref="DurableFolds.PublishAsync"/>).</summary>
    Task PublishAsync(DurableFolds.PublishInput input);

    /// <summary>Records a failed run (<see cref="DurableFolds.FailAsync"/>).</summary>
    Task FailAsync(DurableFolds.FailInput input);

    /// <summary>The orchestration's current time (UTC; replayed identically).</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> unless cancelled first.</summary>
    Task DelayUntilAsync(DateTime fireAt, CancellationToken cancellationToken);
}

/// <summary>Starts assessment orchestrations (a hosting with Durable Functions registers one).</summary>
public interface IAssessmentOrchestrations
{
    /// <summary>Whether orchestrations can be started now (the hosting's job host runs).</summary>
    bool Available { get; }

    /// <summary>Starts the orchestration of <paramref name="input"/>'s run (instance id: the run id).</summary>
    Task StartAsync(OrchestrationInput input, CancellationToken cancellationToken = default);

    /// <summary>Stops the orchestration of <paramref name="runId"/> (if it still runs), giving <paramref name="reason"/>.</summary>
    Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default);
}

/// <summary>
/// The orchestrator of one assessment, over the hosting's activities: one fold activity per batch of partitions of the
/// plan, all at once (the task hub spreads them over the instances), then the publishing activity once every part is stored. A
/// failed activity fails the run cleanly: its error goes to the run's status and nothing is published. Deterministic, as
/// an orchestrator must be: it reads nothing but its input and the activities' results.
/// </summary>
public static class AssessmentOrchestration
{
    /// <summary>The orchestrator function's name.</summary>
    public const string Orchestrator = "AssessmentOrchestrator";

    /// <summary>The fold activity's name.</summary>
    public const string FoldPartitions = "FoldPartitions";

    /// <summary>The publishing activity's name.</summary>
    public const string PublishAssessment = "PublishAssessment";

    /// <summary>The failing activity's name.</summary>
    public const string FailAssessment = "FailAssessment";

    /// <summary>Runs the orchestration of <paramref name="input"/> with <paramref name="activities"/>.</summary>
    public static async Task RunAsync(OrchestrationInput input, IAssessmentActivities activities)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activities);
        try
        {
            // Each activity gets the plan's header only (its own partition is its work): the history stays linear in the plan.
            var header = input.Plan with { Partitions = [] };
            var folds = Task.WhenAll(input.Plan.Partitions.Chunk(Math.Max(1, input.PartitionsPerActivity))
                .Select(works => activities.FoldPartitionsAsync(new DurableFolds.FoldBatch(input.RunId, header, works))));
            if (input.Timeout is { } timeout)
            {
                var deadline = activities.CurrentUtcDateTime + timeout;
                // The folds race a durable timer; publishing starts only once every fold is done, never after the deadline
                // has failed the run, so a run that timed out publishes nothing.
                using var timer = new CancellationTokenSource();
                var expired = activities.DelayUntilAsync(deadline, timer.Token);
                if (await Task.WhenAny(folds, expired).ConfigureAwait(true) == expired)
                {
                    throw new TimeoutException(
                        $"The run did not fold its {input.Plan.Partitions.Count} partitions by {deadline:yyyy-MM-dd'T'HH:mm:ss'Z'} ({timeout.TotalMinutes:0.##} minutes after its orchestration started; Assessment:RunTimeoutMinutes).");
                }

                // Cancel synchronously, on the orchestrator's own thread (CancelAsync would run the timer's callbacks on
                // the thread pool, which an orchestrator must never do); an orchestration ends only once its timers are done.
#pragma warning disable CA1849
                timer.Cancel();
#pragma warning restore CA1849
            }

            await folds.ConfigureAwait(true);
            await activities.PublishAsync(new DurableFolds.PublishInput(input.RunId, input.Plan, input.Started)).ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            await activities.FailAsync(new DurableFolds.FailInput(input.RunId, input.Plan.Period, Describe(ex))).ConfigureAwait(true);
            throw;
        }
    }

    // The activity's own error (the Durable extensions wrap it in their "activity failed" exception).
    private static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner == exception ? exception.Message : $"{inner.Message} ({exception.Message})";
    }
}
