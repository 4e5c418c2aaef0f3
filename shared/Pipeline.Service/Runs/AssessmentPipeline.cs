using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Reports;
using Pipeline.Runs.Publication;
using Pipeline.Settings;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// An assessment run as one pipeline (STYLE "Runs as pipelines"), whoever starts it — HTTP, the timers, either hosting, the
/// benchmark — with fixed stages, each reading what the one before produced and none calling back:
/// <list type="number">
/// <item><b>plan</b> (<see cref="RunPlanner"/>): one as-of instant, the partitions, the settings and the master data read
/// once, written as the run's manifest;</item>
/// <item><b>fold</b>: every partition into a part, in this process (<see cref="InProcessFolds"/>) or as a Durable Functions
/// fan-out over every instance (<see cref="DurableFolds"/>), chosen by <c>Assessment:FanOut</c> and the plan's size;</item>
/// <item><b>complete</b> (<see cref="RunCompletion"/>): merge, score, alerts, changes, the input fingerprint;</item>
/// <item><b>render</b>: every <see cref="Reports.Formats.IReportFormat"/> (<see cref="ReportFiles"/>);</item>
/// <item><b>publish</b>: every <see cref="IPublicationSink"/>, in order.</item>
/// </list>
/// A failure at any stage is recorded by <see cref="FailAsync"/>, the one place that does.
/// </summary>
public sealed partial class AssessmentPipeline(
    RunPlanner planner,
    InProcessFolds inProcess,
    DurableFolds durableFolds,
    AssessmentStore store,
    IEnumerable<IPublicationSink> sinks,
    IOptions<ReportOptions> reports,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<AssessmentPipeline> logger,
    AssessmentProgressBoard? board = null,
    IAssessmentOrchestrations? orchestrations = null)
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
    private readonly IReadOnlyList<IPublicationSink> _sinks = sinks.OrderBy(s => s.Order).ThenBy(s => s.GetType().FullName, StringComparer.Ordinal).ToList();
    private readonly ConcurrentDictionary<string, Task<string>> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts a run of <paramref name="period"/>; returns its id and the task that completes with its result as published
    /// (<c>assessment.json</c>), or fails with the run's error. A period that has not started is refused at once with
    /// <see cref="PeriodNotStartedException"/>, before anything is recorded.
    /// </summary>
    public (string RunId, Task<string> Run) Start(Period period)
    {
        var scheduled = planner.Schedule(period, planner.NewRunId());
        var token = lifetime.ApplicationStopping;
        var run = Task.Run(() => ExecuteAsync(scheduled, token));
        _running[scheduled.RunId] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(scheduled.RunId, out var _), TaskScheduler.Default);
        return (scheduled.RunId, run);
    }

    /// <summary>Runs <paramref name="period"/> to its end (the schedule's runs); returns the run id.</summary>
    public async Task<string> RunAsync(Period period, CancellationToken cancellationToken = default)
    {
        var scheduled = planner.Schedule(period, planner.NewRunId());
        await ExecuteAsync(scheduled, cancellationToken).ConfigureAwait(false);
        return scheduled.RunId;
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

    // Plan, then fold in this process and finish, or hand the run to its orchestration and wait for how it ended.
    private async Task<string> ExecuteAsync(ScheduledRun scheduled, CancellationToken cancellationToken)
    {
        var period = scheduled.Plan.Period;
        using var tracking = AssessmentTracking.Begin(board, period, scheduled.RunId); // span, progress, duration, alerts
        await store.StartAsync(period, scheduled.RunId, scheduled.Plan.AsOf, cancellationToken).ConfigureAwait(false);
        PlannedRun? run = null;
        try
        {
            tracking.Stage("reading");
            run = await planner.PlanAsync(scheduled, master => store.WriteMasterDataAsync(period, scheduled.RunId, master, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            tracking.Progress?.Read(Records.RecordKinds.Employees.Name, run.MasterData.Employees.Count);
            var durable = Durable(run.Plan);
            run = run with { Manifest = run.Manifest with { Executor = durable ? RunManifest.DurableExecutor : RunManifest.InProcessExecutor } };
            await store.WriteManifestAsync(run.Manifest, cancellationToken).ConfigureAwait(false);
            if (!durable)
            {
                var parts = inProcess.FoldAsync(run.Plan, run.Contexts, tracking.Progress, cancellationToken: cancellationToken);
                var result = await FinishAsync(run, parts, tracking, cancellationToken).ConfigureAwait(false);
                return JsonSerializer.Serialize(result.Result, AssessmentStore.Json);
            }
        }
        catch (Exception ex)
        {
            await FailAsync(period, scheduled.RunId, ex.Message, run?.Manifest, durable: false, ex, tracking).ConfigureAwait(false);
            throw;
        }

        return await RunDurableAsync(run!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The stages after the fold, the same for every executor: completes the run from <paramref name="parts"/> (in the
    /// plan's order), renders every report format and publishes to every sink. Throws on failure; the caller records it
    /// (<see cref="FailAsync"/>).
    /// </summary>
    public async Task<CompletedRun> FinishAsync(
        PlannedRun run, IAsyncEnumerable<FoldedPart> parts, AssessmentTracking? tracking = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var completed = await RunCompletion.CompleteAsync(run.Manifest, run.Contexts, parts, cancellationToken).ConfigureAwait(false);
        tracking?.Stage("reporting"); // history, rendering, publishing
        var period = run.Manifest.Period;

        // A final result of the period already published (a clock behind another instance's, or a time zone changed since):
        // a provisional run keeps its own folder and leaves the period's latest paths to the final one.
        var folder = run.Manifest.Provisional && await store.HasFinalAsync(period, cancellationToken).ConfigureAwait(false)
            ? AssessmentStore.RunFolder(period, run.Manifest.RunId)
            : AssessmentStore.Folder(period);
        var result = completed.Result with { Reports = ReportFiles.Names(reports.Value.Culture).Select(name => $"{folder}/{name}").ToList() };
        completed = completed with { Result = result };

        var history = await HistoryAsync(result, cancellationToken).ConfigureAwait(false);
        using var files = ReportFiles.Write(new ReportInput(result, completed.Engine.Details, completed.Figures, history, completed.Engine.Context), reports.Value.Culture);
        var published = new PublishedRun(completed, files);
        foreach (var sink in _sinks)
        {
            await sink.PublishAsync(published, cancellationToken).ConfigureAwait(false);
        }

        tracking?.Published(result);
        LogAssessed(period.ToString(), run.Manifest.RunId, result.Scopes.Count, result.Alerts.Count, (time.GetUtcNow() - run.Manifest.StartedAt).TotalSeconds);
        return completed;
    }

    /// <summary>
    /// Records that a run failed, with its error, and completes its manifest so: the one place a failure is recorded,
    /// whichever stage failed and on whichever instance. Nothing of a failed run is published past this point; a durable
    /// run's parts are cleaned up first (<see cref="DurableFolds.EndAsync"/>), so whoever sees the run failed finds them gone.
    /// </summary>
    public async Task FailAsync(
        Period period, string runId, string error, RunManifest? manifest, bool durable, Exception? exception = null, AssessmentTracking? tracking = null)
    {
        if (exception is null)
        {
            LogFailedWith(period.ToString(), runId, error);
        }
        else
        {
            LogFailed(exception, period.ToString(), runId);
            tracking?.Failed(exception);
        }

        if (durable)
        {
            await durableFolds.EndAsync(period, runId, failed: true, CancellationToken.None).ConfigureAwait(false);
        }

        var finished = time.GetUtcNow();
        if (manifest is not null)
        {
            await store.WriteManifestAsync(manifest with { Status = RunStatus.Failed, FinishedAt = finished, Error = error }, CancellationToken.None).ConfigureAwait(false);
        }

        await store.FinishAsync(period, runId, finished, error, CancellationToken.None).ConfigureAwait(false);
    }

    // Starts the run's orchestration and waits for the run's status to tell how it ended.
    private async Task<string> RunDurableAsync(PlannedRun run, CancellationToken cancellationToken)
    {
        var (period, runId) = (run.Manifest.Period, run.Manifest.RunId);
        var started = run.Manifest.StartedAt;
        var timeout = TimeSpan.FromMinutes(configuration.GetValue<double>("Assessment:RunTimeoutMinutes", DefaultRunTimeoutMinutes));
        var deadline = started + timeout;
        try
        {
            await orchestrations!.StartAsync(new OrchestrationInput(runId, run.Plan, started, timeout,
                Math.Max(1, configuration.GetValue("Assessment:PartitionsPerActivity", DefaultPartitionsPerActivity))), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await FailAsync(period, runId, ex.Message, run.Manifest, durable: true, ex).ConfigureAwait(false);
            throw;
        }

        while (true)
        {
            await Task.Delay(StatusPoll, time, cancellationToken).ConfigureAwait(false);
            var status = await store.StatusAsync(period, runId, cancellationToken).ConfigureAwait(false);
            switch (status?.Status)
            {
                case RunStatus.Completed:
                    return await store.RunJsonAsync(period, runId, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Run {runId} of {period} completed, but its assessment.json is missing.");
                case RunStatus.Failed:
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

                await FailAsync(period, runId, error, run.Manifest, durable: true).ConfigureAwait(false);
                throw new TimeoutException($"Run {runId} of {period} failed: {error}");
            }
        }
    }

    // The stored results of the company and every department over the eleven periods before this one (final results
    // only: a provisional run writes no history).
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Period, JsonObject Kpis)>>> HistoryAsync(
        Assessment.AssessmentResult result, CancellationToken cancellationToken)
    {
        var period = Period.Parse(result.Period);
        var from = period;
        for (var i = 0; i < 11; i++)
        {
            from = from.Previous;
        }

        var scopes = result.Scopes.Where(s => s.Scope is "company" or "department").ToList();
        var history = new ConcurrentDictionary<string, IReadOnlyList<(string, JsonObject)>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(scopes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (scope, token) =>
        {
            var rows = await store.HistoryAsync(scope.Scope, scope.Id, from, period.Previous, token).ConfigureAwait(false);
            history[$"{scope.Scope}:{scope.Id}"] = rows
                .Select(r => (Period: Period.Parse(r.Period), r.Kpis))
                .Where(r => r.Period.Kind == period.Kind)
                .OrderBy(r => r.Period)
                .Select(r => (Period: r.Period.ToString(), r.Kpis))
                .Select(r => (r.Period, JsonNode.Parse(r.Kpis)!.AsObject()))
                .ToList();
        }).ConfigureAwait(false);
        return history;
    }

    [LoggerMessage(LogLevel.Information, "Assessed {Period} (run {RunId}): {Scopes} scopes, {Alerts} alerts in {Seconds:0.0} s")]
    private partial void LogAssessed(string period, string runId, int scopes, int alerts, double seconds);

    [LoggerMessage(LogLevel.Error, "Assessment of {Period} (run {RunId}) failed")]
    private partial void LogFailed(Exception exception, string period, string runId);

    [LoggerMessage(LogLevel.Error, "Assessment of {Period} (run {RunId}) failed: {Error}")]
    private partial void LogFailedWith(string period, string runId, string error);
}
