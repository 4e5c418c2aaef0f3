namespace Pipeline.Runs;

/// <summary>What an orchestration of one assessment is given: the run, its plan and when it started.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Plan">The run's plan (its partitions: the activities).</param>
/// <param name="Started">When the run started.</param>
public sealed record OrchestrationInput(string RunId, AssessmentPlan Plan, DateTimeOffset Started);

/// <summary>The activities of an assessment's orchestration, as the orchestrator of a hosting calls them.</summary>
public interface IAssessmentActivities
{
    /// <summary>Folds one partition (<see cref="AssessmentFanOut.FoldPartitionAsync"/>); the name of the blob of its parts.</summary>
    Task<string> FoldPartitionAsync(AssessmentFanOut.FoldInput input);

    /// <summary>Merges and publishes (<see cref="AssessmentFanOut.PublishAsync"/>).</summary>
    Task PublishAsync(AssessmentFanOut.PublishInput input);

    /// <summary>Records a failed run (<see cref="AssessmentFanOut.FailAsync"/>).</summary>
    Task FailAsync(AssessmentFanOut.FailInput input);
}

/// <summary>Starts assessment orchestrations (a hosting with Durable Functions registers one).</summary>
public interface IAssessmentOrchestrations
{
    /// <summary>Whether orchestrations can be started now (the hosting's job host runs).</summary>
    bool Available { get; }

    /// <summary>Starts the orchestration of <paramref name="input"/>'s run (instance id: the run id).</summary>
    Task StartAsync(OrchestrationInput input, CancellationToken cancellationToken = default);
}

/// <summary>
/// The orchestrator of one assessment, over the hosting's activities: one fold activity per partition of the plan, all
/// at once (the task hub spreads them over the instances), then the publishing activity once every part is stored. A
/// failed activity fails the run cleanly: its error goes to the run's status and nothing is published. Deterministic, as
/// an orchestrator must be: it reads nothing but its input and the activities' results.
/// </summary>
public static class AssessmentOrchestration
{
    /// <summary>The orchestrator function's name.</summary>
    public const string Orchestrator = "AssessmentOrchestrator";

    /// <summary>The fold activity's name.</summary>
    public const string FoldPartition = "FoldPartition";

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
            await Task.WhenAll(input.Plan.Partitions.Select(work => activities.FoldPartitionAsync(new AssessmentFanOut.FoldInput(input.RunId, header, work))))
                .ConfigureAwait(true);
            await activities.PublishAsync(new AssessmentFanOut.PublishInput(input.RunId, input.Plan, input.Started)).ConfigureAwait(true);
        }
        catch (Exception ex)
        {
            await activities.FailAsync(new AssessmentFanOut.FailInput(input.RunId, input.Plan.Period, Describe(ex))).ConfigureAwait(true);
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
