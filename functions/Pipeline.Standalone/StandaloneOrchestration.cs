using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.Azure.WebJobs.Extensions.DurableTask.ContextImplementations;
using Microsoft.Azure.WebJobs.Extensions.DurableTask.Options;
using Pipeline.Runs;

namespace Pipeline.Standalone;

/// <summary>
/// The assessment's orchestration in the standalone hosting, run by the WebJobs Durable extension on the Azure Storage
/// backend (DESIGN §4a): every instance on the same storage and task hub takes fold activities. One-line bodies over
/// <see cref="AssessmentOrchestration"/> and <see cref="DurableRuns"/>, shared with the Functions host's worker.
/// </summary>
public sealed class StandaloneOrchestration(DurableRuns runs)
{
    // An activity that fails (a storage blip, a lost instance) is tried again before the run fails.
    private static readonly RetryOptions Retry = new(TimeSpan.FromSeconds(1), 3);

    /// <summary>The orchestrator: fold every partition, then publish.</summary>
    [FunctionName(AssessmentOrchestration.Orchestrator)]
    public Task OrchestrateAsync([OrchestrationTrigger] IDurableOrchestrationContext context) =>
        AssessmentOrchestration.RunAsync(context.GetInput<OrchestrationInput>(), new Activities(context));

    /// <summary>Folds a batch of partitions; returns the blobs of their parts.</summary>
    [FunctionName(AssessmentOrchestration.FoldPartitions)]
    public Task<IReadOnlyList<string>> FoldPartitionsAsync([ActivityTrigger] DurableFolds.FoldBatch batch, CancellationToken cancellationToken) =>
        runs.FoldPartitionsAsync(batch, cancellationToken);

    /// <summary>Merges the parts and publishes.</summary>
    [FunctionName(AssessmentOrchestration.PublishAssessment)]
    public Task PublishAsync([ActivityTrigger] DurableFolds.PublishInput input, CancellationToken cancellationToken) =>
        runs.PublishAsync(input, cancellationToken);

    /// <summary>Records a failed run.</summary>
    [FunctionName(AssessmentOrchestration.FailAssessment)]
    public Task FailAsync([ActivityTrigger] DurableFolds.FailInput input, CancellationToken cancellationToken) =>
        runs.FailAsync(input, cancellationToken);

    private sealed class Activities(IDurableOrchestrationContext context) : IAssessmentActivities
    {
        public Task<IReadOnlyList<string>> FoldPartitionsAsync(DurableFolds.FoldBatch batch) =>
            context.CallActivityWithRetryAsync<IReadOnlyList<string>>(AssessmentOrchestration.FoldPartitions, Retry, batch);

        public Task PublishAsync(DurableFolds.PublishInput input) =>
            context.CallActivityWithRetryAsync(AssessmentOrchestration.PublishAssessment, Retry, input);

        public Task FailAsync(DurableFolds.FailInput input) =>
            context.CallActivityWithRetryAsync(AssessmentOrchestration.FailAssessment, Retry, input);

        public DateTime CurrentUtcDateTime => context.CurrentUtcDateTime;

        public Task DelayUntilAsync(DateTime fireAt, CancellationToken cancellationToken) => context.CreateTimer(fireAt, cancellationToken);
    }
}

/// <summary>
/// Starts assessment orchestrations through the Durable client of the job host that <see cref="TriggerHost"/> runs now
/// (only <see cref="IDurableClientFactory"/> is in its services); unavailable while the job host restarts.
/// </summary>
internal sealed class StandaloneOrchestrations(TriggerHost triggers, string taskHub) : IAssessmentOrchestrations
{
    public bool Available => triggers.Services?.GetService<IDurableClientFactory>() is not null;

    public async Task StartAsync(OrchestrationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var services = triggers.Services ?? throw new InvalidOperationException("The job host that runs the orchestrations is restarting.");
        var client = services.GetRequiredService<IDurableClientFactory>().CreateClient(new DurableClientOptions { TaskHub = taskHub });
        await client.StartNewAsync(AssessmentOrchestration.Orchestrator, input.RunId, input).ConfigureAwait(false);
    }

    public async Task TerminateAsync(string runId, string reason, CancellationToken cancellationToken = default)
    {
        var services = triggers.Services ?? throw new InvalidOperationException("The job host that runs the orchestrations is restarting.");
        var client = services.GetRequiredService<IDurableClientFactory>().CreateClient(new DurableClientOptions { TaskHub = taskHub });
        var status = await client.GetStatusAsync(runId).ConfigureAwait(false);
        if (status?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
        {
            await client.TerminateAsync(runId, reason).ConfigureAwait(false);
        }
    }
}
