using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// Assessment runs, started over HTTP or by the schedule, behind one interface whichever way their partitions are folded:
/// in parallel inside this process, or as a Durable Functions fan-out over every instance of the task hub (DESIGN §4a).
/// <c>Assessment:FanOut</c> decides: <c>inProcess</c>, <c>durable</c> (where the hosting runs Durable Functions), or
/// <c>auto</c> (the default): durable for a plan of more than <c>Assessment:FanOutAbovePartitions</c> partitions (default
/// 2,000: a year of every kind), in process below — orchestration costs little per activity but not nothing. Each run goes
/// on in the background, so a caller that stops waiting (after <c>Assessment:SyncTimeoutSeconds</c>) can look for it
/// later by run id.
/// </summary>
public sealed class AssessmentJobs(
    AssessmentRunner runner,
    AssessmentStore store,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    AssessmentProgressBoard? board = null,
    IAssessmentOrchestrations? orchestrations = null,
    AssessmentFanOut? fanOut = null)
{
    /// <summary>The default of <c>Assessment:FanOutAbovePartitions</c>.</summary>
    public const int DefaultFanOutAbovePartitions = 2000;

    /// <summary>
    /// The default of <c>Assessment:RunTimeoutMinutes</c>: how long a durable run may take to fold its partitions before it
    /// fails with that error (a year of a large company folds in minutes; a run "running" for hours is stuck).
    /// </summary>
    public const int DefaultRunTimeoutMinutes = 120;

    /// <summary>
    /// The default of <c>Assessment:PartitionsPerActivity</c>: a fold activity folds 16 consecutive partitions of the plan
    /// (the 16 buckets of one kind's month). Measured here: a year of MixedMonth (5,040 partitions) took 451 s as one
    /// activity per partition against 17 s in process — the orchestration's cost follows its activities.
    /// </summary>
    public const int DefaultPartitionsPerActivity = 16;

    // How long past its deadline the instance that started a durable run waits for the orchestration to record the run's end
    // itself, before it stops the orchestration and records the failure.
    private static readonly TimeSpan WatchGrace = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan StatusPoll = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<string, Task<string>> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts a run of <paramref name="period"/>; returns its id and the task that completes with its result as published
    /// (<c>assessment.json</c>), or fails with the run's error.
    /// </summary>
    public (string RunId, Task<string> Run) Start(Period period)
    {
        var runId = runner.NewRunId();
        var token = lifetime.ApplicationStopping;
        var run = Task.Run(async () =>
        {
            var plan = runner.Plan(period);
            return Durable(plan)
                ? await RunDurableAsync(plan, runId, token).ConfigureAwait(false)
                : JsonSerializer.Serialize(await runner.RunAsync(period, runId, token).ConfigureAwait(false), AssessmentStore.Json);
        });
        _running[runId] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(runId, out var _), TaskScheduler.Default);
        return (runId, run);
    }

    /// <summary>Runs <paramref name="period"/> to its end (the schedule's runs); returns the run id.</summary>
    public async Task<string> RunAsync(Period period, CancellationToken cancellationToken = default)
    {
        var runId = runner.NewRunId();
        var plan = runner.Plan(period);
        if (Durable(plan))
        {
            await RunDurableAsync(plan, runId, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await runner.RunAsync(period, runId, cancellationToken).ConfigureAwait(false);
        }

        return runId;
    }

    /// <summary>Whether this instance is still running (or waiting for) <paramref name="runId"/>.</summary>
    public bool IsRunning(string runId) => _running.TryGetValue(runId, out var run) && !run.IsCompleted;

    /// <summary>The progress of <paramref name="runId"/> when this instance runs it; null otherwise.</summary>
    public AssessmentProgress.RunProgress? Progress(string runId) => board?.Find(runId)?.Snapshot();

    /// <summary>Whether a run of <paramref name="plan"/> fans out on Durable Functions.</summary>
    public bool Durable(AssessmentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var mode = configuration["Assessment:FanOut"] ?? "auto";
        var available = orchestrations?.Available == true;
        return mode.ToLowerInvariant() switch
        {
            "inprocess" => false,
            "durable" => available ? true : throw new InvalidOperationException(
                "Assessment:FanOut is 'durable', but this hosting runs no Durable Functions (the standalone app's triggers are off, or its job host is restarting)."),
            "auto" => available && plan.Partitions.Count > configuration.GetValue("Assessment:FanOutAbovePartitions", DefaultFanOutAbovePartitions),
            _ => throw new InvalidOperationException($"Assessment:FanOut is '{mode}': use auto, inProcess or durable."),
        };
    }

    // Records the run as started, starts its orchestration and waits for the run's status to tell how it ended.
    private async Task<string> RunDurableAsync(AssessmentPlan plan, string runId, CancellationToken cancellationToken)
    {
        var period = Period.Parse(plan.Period);
        var started = time.GetUtcNow();
        var timeout = TimeSpan.FromMinutes(configuration.GetValue<double>("Assessment:RunTimeoutMinutes", DefaultRunTimeoutMinutes));
        var deadline = started + timeout;
        await store.StartAsync(period, runId, started, cancellationToken).ConfigureAwait(false);
        try
        {
            // Master data as it stands now, once for the whole run (every activity folds with the same).
            await fanOut!.SnapshotMasterDataAsync(runId, cancellationToken).ConfigureAwait(false);
            await orchestrations!.StartAsync(new OrchestrationInput(runId, plan, started, timeout,
                Math.Max(1, configuration.GetValue("Assessment:PartitionsPerActivity", DefaultPartitionsPerActivity))), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await runner.FailAsync(period, runId, ex).ConfigureAwait(false);
            throw;
        }

        while (true)
        {
            await Task.Delay(StatusPoll, time, cancellationToken).ConfigureAwait(false);
            var status = await store.StatusAsync(period, runId, cancellationToken).ConfigureAwait(false);
            switch (status?.Status)
            {
                case "completed":
                    return await store.RunJsonAsync(period, runId, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Run {runId} of {period} completed, but its assessment.json is missing.");
                case "failed":
                    throw new InvalidOperationException($"Run {runId} of {period} failed: {status.Error}");
            }

            // The orchestration fails its own run at the deadline; if it has not even done that (its control queue not
            // served, its instance lost), this instance stops it and records the failure, so no run stays "running".
            if (time.GetUtcNow() > deadline + WatchGrace)
            {
                var error = $"the orchestration did not end within {(deadline - started).TotalMinutes:0.##} minutes (Assessment:RunTimeoutMinutes) and was stopped";
                try
                {
                    await orchestrations.TerminateAsync(runId, error, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    error += $" (stopping it failed: {ex.Message})";
                }

                await fanOut.FailAsync(new AssessmentFanOut.FailInput(runId, plan.Period, error), CancellationToken.None).ConfigureAwait(false);
                throw new TimeoutException($"Run {runId} of {period} failed: {error}");
            }
        }
    }
}
