using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// How far one assessment run has got: its stage (<c>reading</c>, <c>merging</c>, <c>reporting</c>: history, rendering and publishing)
/// and the records read so far per kind. It logs as the run goes (every <see cref="LogEvery"/> records of a kind, and
/// each stage) and keeps a copy in the run's status row at most every <see cref="SaveEvery"/>, so the <c>202</c> status
/// URL shows it on any instance.
/// </summary>
public sealed partial class AssessmentProgress
{
    /// <summary>How many records of one kind between two progress log lines.</summary>
    public const long LogEvery = 10_000;

    /// <summary>The least time between two saves of the progress to the run's status row.</summary>
    public static readonly TimeSpan SaveEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, long> _read = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly AssessmentStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastSave;
    private volatile string _stage = "starting";

    internal AssessmentProgress(Period period, string runId, AssessmentStore store, TimeProvider time, ILogger logger)
    {
        Period = period;
        RunId = runId;
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>The period assessed.</summary>
    public Period Period { get; }

    /// <summary>The run.</summary>
    public string RunId { get; }

    /// <summary>What a caller of the status URL sees.</summary>
    /// <param name="Stage"><c>starting</c>, <c>reading</c>, <c>merging</c> or <c>reporting</c>.</param>
    /// <param name="RecordsRead">Records read so far, per kind (the previous period's too: the change tests need them).</param>
    /// <param name="TotalRead">Their sum.</param>
    public sealed record RunProgress(string Stage, IReadOnlyDictionary<string, long> RecordsRead, long TotalRead);

    /// <summary>The progress now.</summary>
    public RunProgress Snapshot()
    {
        var read = new SortedDictionary<string, long>(_read, StringComparer.Ordinal);
        return new RunProgress(_stage, read, read.Values.Sum());
    }

    /// <summary>Moves to <paramref name="stage"/>, logs it with the counts so far, and saves the progress.</summary>
    public void Stage(string stage)
    {
        _stage = stage;
        var view = Snapshot();
        LogStage(Period.ToString(), RunId, stage, view.TotalRead, string.Join(", ", view.RecordsRead.Select(r => $"{r.Key} {r.Value}")));
        Save(force: true);
    }

    /// <summary>Counts <paramref name="count"/> more records of <paramref name="kind"/> read (called from parallel readers).</summary>
    public void Read(string kind, int count)
    {
        var total = _read.AddOrUpdate(kind, count, (_, before) => before + count);
        if (total / LogEvery != (total - count) / LogEvery)
        {
            LogRead(Period.ToString(), RunId, total, kind);
        }

        Save(force: false);
    }

    // Saves in the background, one save at a time; a failed save only loses a status update, never the run.
    private void Save(bool force)
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastSave);
        if (!force && last != 0 && _time.GetElapsedTime(last, now) < SaveEvery)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastSave, now, last) != last && !force)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await _saving.WaitAsync().ConfigureAwait(false);
            try
            {
                await _store.SaveProgressAsync(Period, RunId, Snapshot()).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogSaveFailed(ex, Period.ToString(), RunId);
            }
            finally
            {
                _saving.Release();
            }
        });
    }

    [LoggerMessage(LogLevel.Information, "Assessment of {Period} (run {RunId}): {Stage}; {Total} records read so far ({PerKind})")]
    private partial void LogStage(string period, string runId, string stage, long total, string perKind);

    [LoggerMessage(LogLevel.Information, "Assessment of {Period} (run {RunId}): read {Count} {Kind} records so far")]
    private partial void LogRead(string period, string runId, long count, string kind);

    [LoggerMessage(LogLevel.Warning, "Assessment of {Period} (run {RunId}): could not save its progress")]
    private partial void LogSaveFailed(Exception exception, string period, string runId);
}
