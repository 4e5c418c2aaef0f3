using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage;

/// <summary>
/// Whether storage can be reached, as the probe and every failed call see it. An outage is logged once when it
/// starts (warning) and once when it ends (information, with its length), however many calls fail meanwhile.
/// </summary>
public sealed partial class StorageHealth(TimeProvider time, ILogger<StorageHealth> logger)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _reachable = NewSignal(completed: true);
    private long _downAt;

    /// <summary>Whether storage answered the last probe or call.</summary>
    public bool IsReachable => Since is null;

    /// <summary>When the current outage started; null while storage is reachable.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>What the first failure of the current outage said.</summary>
    public string? Error { get; private set; }

    /// <summary>Outages seen since the app started.</summary>
    public int Outages { get; private set; }

    /// <summary>State of the embedded storage emulator, set by the standalone hosting; null when there is none.</summary>
    public string? Emulator { get; set; }

    /// <summary>State of the queue, blob and timer triggers, set by the standalone hosting; null when it has none.</summary>
    public string? Triggers { get; set; }

    /// <summary>Records that storage could not be reached.</summary>
    public void ReportUnreachable(string error)
    {
        lock (_lock)
        {
            if (Since is not null)
            {
                return;
            }

            Since = time.GetUtcNow();
            Error = error;
            Outages++;
            _downAt = Stopwatch.GetTimestamp();
            _reachable = NewSignal(completed: false);
        }

        LogOutageStarted(error);
    }

    /// <summary>Records that storage answered.</summary>
    public void ReportReachable()
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (Since is null)
            {
                return;
            }

            Since = null;
            Error = null;
            signal = _reachable;
        }

        LogOutageEnded(Stopwatch.GetElapsedTime(_downAt).TotalSeconds);
        signal.TrySetResult();
    }

    /// <summary>Completes when storage is reachable (at once if it is).</summary>
    public Task WaitUntilReachableAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return _reachable.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    [LoggerMessage(LogLevel.Warning, "Storage is unreachable ({Error}): ingestion and assessments answer 503 until it is back; the triggers wait for it")]
    private partial void LogOutageStarted(string error);

    [LoggerMessage(LogLevel.Information, "Storage is reachable again after {Seconds:0.0} s: ingestion, assessments and triggers resume")]
    private partial void LogOutageEnded(double seconds);
}
