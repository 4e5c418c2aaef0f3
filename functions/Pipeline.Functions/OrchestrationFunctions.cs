using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Pipeline.Runs;

namespace Pipeline.Functions;

/// <summary>
/// The assessment's orchestration under the Functions host, on the isolated worker's Durable extension (DESIGN §4a): the
/// same orchestrator and activities as the standalone hosting's, as one-line calls into <see cref="AssessmentOrchestration"/>
/// and <see cref="DurableRuns"/>; the two Durable APIs differ, the logic does not.
/// </summary>
public sealed class OrchestrationFunctions(DurableRuns runs)
{
    // An activity that fails (a storage blip, a lost instance) is tried again before the run fails.
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1)));

    /// <summary>The orchestrator: fold every partition, then publish.</summary>
    [Function(AssessmentOrchestration.Orchestrator)]
    public Task OrchestrateAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        AssessmentOrchestration.RunAsync(context.GetInput<OrchestrationInput>()!, new Activities(context));

    /// <summary>Folds a batch of partitions; returns the blobs of their parts.</summary>
    [Function(AssessmentOrchestration.FoldPartitions)]
    public Task<IReadOnlyList<string>> FoldPartitionsAsync([ActivityTrigger] DurableFolds.FoldBatch batch, FunctionContext context) =>
        runs.FoldPartitionsAsync(batch, context.CancellationToken);

    /// <summary>Merges the parts and publishes.</summary>
    [Function(AssessmentOrchestration.PublishAssessment)]
    public Task PublishAsync([ActivityTrigger] DurableFolds.PublishInput input, FunctionContext context) =>
        runs.PublishAsync(input, context.CancellationToken);

    /// <summary>Records a failed run.</summary>
    [Function(AssessmentOrchestration.FailAssessment)]
    public Task FailAsync([ActivityTrigger] DurableFolds.FailInput input, FunctionContext context) =>
        runs.FailAsync(input, context.CancellationToken);

    private sealed class Activities(TaskOrchestrationContext context) : IAssessmentActivities
    {
        public Task<IReadOnlyList<string>> FoldPartitionsAsync(DurableFolds.FoldBatch batch) =>
            context.CallActivityAsync<IReadOnlyList<string>>(AssessmentOrchestration.FoldPartitions, batch, Retry);

        public Task PublishAsync(DurableFolds.PublishInput input) =>
            context.CallActivityAsync(AssessmentOrchestration.PublishAssessment, input, Retry);

        public Task FailAsync(DurableFolds.FailInput input) =>
            context.CallActivityAsync(AssessmentOrchestration.FailAssessment, input, Retry);

        public DateTime CurrentUtcDateTime => context.CurrentUtcDateTime;

        public Task DelayUntilAsync(DateTime fireAt, CancellationToken cancellationToken) => context.CreateTimer(fireAt, cancellationToken);
    }
}

/// <summary>
/// Starts assessment orchestrations under the Functions host. The isolated worker hands out its Durable client only as a
/// binding (<c>[DurableClient]</c>), not as a service, so the functions that start runs (the assessment route and the
/// schedule's timer) bind one and lend it for their invocation, which the run's start happens within.
/// </summary>
public sealed class WorkerOrchestrations : IAssessmentOrchestrations
{
    private static readonly AsyncLocal<DurableTaskClient?> Client = new();

    /// <inheritdoc />
    public bool Available => Client.Value is not null;

    /// <summary>Lends <paramref name="client"/> to the runs this invocation starts (none: they fold in process).</summary>
    public static void Lend(DurableTaskClient? client) => Client.Value = client;

    /// <inheritdoc />
    public async Task StartAsync(OrchestrationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var client = Client.Value ?? throw new InvalidOperationException("No Durable client was lent to this invocation.");
        await client.ScheduleNewOrchestrationInstanceAsync(
            AssessmentOrchestration.Orchestrator, input, new StartOrchestrationOptions(input.RunId), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        var client = Client.Value ?? throw new InvalidOperationException("No Durable client was lent to this invocation.");
        var instance = await client.GetInstanceAsync(runId, cancellationToken).ConfigureAwait(false);
        if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
        {
            await client.TerminateInstanceAsync(runId, reason, cancellationToken).ConfigureAwait(false);
        }
    }
}
