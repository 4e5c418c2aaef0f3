using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Pipeline.Time;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Runs;

/// <summary>
/// Assessment runs started over HTTP: each goes on in the background, so a caller that stops waiting
/// (after <c>Assessment:SyncTimeoutSeconds</c>) can look for it later by run id.
/// </summary>
public sealed class AssessmentJobs(AssessmentRunner runner, IHostApplicationLifetime lifetime, AssessmentProgressBoard? board = null)
{
    private readonly ConcurrentDictionary<string, Task<AssessmentResult>> _running = new(StringComparer.Ordinal);

    /// <summary>Starts a run of <paramref name="period"/>; returns its id and the task that completes with it.</summary>
    public (string RunId, Task<AssessmentResult> Run) Start(Period period)
    {
        var runId = runner.NewRunId();
        var run = Task.Run(() => runner.RunAsync(period, runId, lifetime.ApplicationStopping));
        _running[runId] = run;
        _ = run.ContinueWith(_ => _running.TryRemove(runId, out var _), TaskScheduler.Default);
        return (runId, run);
    }

    /// <summary>Whether this instance is still running <paramref name="runId"/>.</summary>
    public bool IsRunning(string runId) => _running.TryGetValue(runId, out var run) && !run.IsCompleted;

    /// <summary>The progress of <paramref name="runId"/> when this instance runs it; null otherwise.</summary>
    public AssessmentProgress.RunProgress? Progress(string runId) => board?.Find(runId)?.Snapshot();
}
