using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Telemetry;

/// <summary>
/// The pipeline's own spans and metrics, under one name (<see cref="Name"/>) that each hosting hands to its exporter:
/// spans for ingestion (HTTP, queue, blob), each assessment and each report written; counters of records accepted,
/// rejected and stale per kind, alerts raised and poison messages; the duration of assessments. The Azure SDK's own
/// spans (<c>Azure.*</c> sources) nest beneath these.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Pipeline";

    /// <summary>The Azure SDK's activity sources (its spans for storage and Service Bus calls).</summary>
    public const string AzureSdkSources = "Azure.*";

    /// <summary>Spans.</summary>
    public static ActivitySource Source { get; } = new(Name, typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Metrics.</summary>
    public static Meter Meter { get; } = new(Name, typeof(PipelineTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Records accepted and stored, tagged <c>kind</c> and <c>source</c> (http, queue, blob).</summary>
    public static Counter<long> RecordsAccepted { get; } =
        Meter.CreateCounter<long>("pipeline.records.accepted", "{record}", "Records validated and stored");

    /// <summary>Records rejected by validation, tagged <c>kind</c> and <c>source</c>.</summary>
    public static Counter<long> RecordsRejected { get; } =
        Meter.CreateCounter<long>("pipeline.records.rejected", "{record}", "Records rejected by validation");

    /// <summary>Records ignored because a newer <c>updatedAt</c> was stored, tagged <c>kind</c> and <c>source</c>.</summary>
    public static Counter<long> RecordsStale { get; } =
        Meter.CreateCounter<long>("pipeline.records.stale", "{record}", "Records older than the stored ones, ignored");

    /// <summary>How long an assessment took, tagged <c>period.kind</c> and <c>outcome</c>.</summary>
    public static Histogram<double> AssessmentDuration { get; } =
        Meter.CreateHistogram<double>("pipeline.assessment.duration", "s", "Duration of an assessment run");

    /// <summary>Alerts raised by published assessments, tagged <c>period.kind</c> and <c>kpi</c>.</summary>
    public static Counter<long> AlertsRaised { get; } =
        Meter.CreateCounter<long>("pipeline.alerts.raised", "{alert}", "Alerts raised by published assessments");

    /// <summary>Queue messages moved to <c>ingest-poison</c>, tagged <c>reason</c> (permanent, storage).</summary>
    public static Counter<long> PoisonMessages { get; } =
        Meter.CreateCounter<long>("pipeline.poison.messages", "{message}", "Queue messages moved to ingest-poison");

    /// <summary>Poison messages sent back to <c>ingest</c> by a replay.</summary>
    public static Counter<long> PoisonReplayed { get; } =
        Meter.CreateCounter<long>("pipeline.poison.replayed", "{message}", "Poison messages sent back to ingest");

    /// <summary>Starts a span (null when nothing listens).</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    /// <summary>Marks a span failed with the exception, the way OpenTelemetry's conventions record it.</summary>
    public static void Fail(this Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }
}
