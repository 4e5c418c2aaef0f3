using System.Diagnostics;
using Pipeline.Assessment;
using Pipeline.Telemetry;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// What one assessment run reports while it runs: its span (<c>pipeline.assessment</c>), its progress on the board, and
/// at the end its duration and the alerts it raised.
/// </summary>
public sealed class AssessmentTracking : IDisposable
{
    private readonly AssessmentProgressBoard? _board;
    private readonly Activity? _activity;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Period _period;
    private readonly string _runId;
    private string _outcome = "failed";

    private AssessmentTracking(AssessmentProgressBoard? board, Period period, string runId)
    {
        _board = board;
        _period = period;
        _runId = runId;
        _activity = PipelineTelemetry.Start("pipeline.assessment");
        _activity?.SetTag("pipeline.period", period.ToString());
        _activity?.SetTag("pipeline.period.kind", period.KindName);
        _activity?.SetTag("pipeline.run_id", runId);
        Progress = board?.Begin(period, runId);
    }

    /// <summary>The run's progress (null when no board follows runs).</summary>
    public AssessmentProgress? Progress { get; }

    /// <summary>Starts tracking a run.</summary>
    public static AssessmentTracking Begin(AssessmentProgressBoard? board, Period period, string runId) => new(board, period, runId);

    /// <summary>Moves the run's progress to <paramref name="stage"/>.</summary>
    public void Stage(string stage)
    {
        _activity?.AddEvent(new ActivityEvent(stage));
        Progress?.Stage(stage);
    }

    /// <summary>The run published <paramref name="result"/>: counts its alerts.</summary>
    public void Published(AssessmentResult result)
    {
        _outcome = "completed";
        foreach (var alert in result.Alerts)
        {
            PipelineTelemetry.AlertsRaised.Add(1, new TagList { { "pipeline.period.kind", _period.KindName }, { "pipeline.kpi", alert.Kpi } });
        }

        _activity?.SetTag("pipeline.scopes", result.Scopes.Count);
        _activity?.SetTag("pipeline.alerts", result.Alerts.Count);
    }

    /// <summary>The run failed.</summary>
    public void Failed(Exception exception) => _activity.Fail(exception);

    /// <inheritdoc />
    public void Dispose()
    {
        PipelineTelemetry.AssessmentDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds,
            new TagList { { "pipeline.period.kind", _period.KindName }, { "pipeline.outcome", _outcome } });
        _board?.End(_runId);
        _activity?.Dispose();
    }
}
