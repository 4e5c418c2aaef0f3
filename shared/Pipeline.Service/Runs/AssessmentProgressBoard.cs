using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>The progress of the runs this instance is doing, by run id.</summary>
public sealed class AssessmentProgressBoard(AssessmentStore store, TimeProvider time, ILogger<AssessmentProgress> logger)
{
    private readonly ConcurrentDictionary<string, AssessmentProgress> _runs = new(StringComparer.Ordinal);

    /// <summary>Starts following a run.</summary>
    public AssessmentProgress Begin(Period period, string runId) =>
        _runs[runId] = new AssessmentProgress(period, runId, store, time, logger);

    /// <summary>The progress of a run this instance is doing; null otherwise.</summary>
    public AssessmentProgress? Find(string runId) => _runs.TryGetValue(runId, out var progress) ? progress : null;

    /// <summary>Stops following a run.</summary>
    public void End(string runId) => _runs.TryRemove(runId, out _);
}
