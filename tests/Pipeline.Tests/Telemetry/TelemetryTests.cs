using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.Ingestion;
using Pipeline.Telemetry;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;

namespace Pipeline.Tests.Telemetry;

/// <summary>
/// The spans and metrics an operator reads in Application Insights (or any OTLP back end), seen by in-memory exporters
/// added to the standalone app's own OpenTelemetry pipeline. The meter and source are process-wide and other tests run
/// at the same time, so figures are checked as at least what this test caused, and spans by what only this test sent.
/// </summary>
public sealed class TelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ingestion_assessment_reports_and_poison_are_traced_and_counted_with_the_azure_sdk_spans_beneath()
    {
        // The exporters add from whatever thread ends a span or exports metrics: the Azure SDK sources are listened to
        // process-wide, and other tests' apps end spans all the time. The test used to copy a plain list while the exporter
        // added to it without its lock: the copy could throw, or end in a null (List<T> counts an item before storing it),
        // and a null failed this test's searches with a NullReferenceException. Adds and copies now share one lock.
        var spans = new LockedCollection<Activity>();
        var metrics = new LockedCollection<MetricSnapshot>();
        using var app = new PipelineFactory(azurite)
        {
            TestServices = services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)),
        };
        using var client = app.CreateClient();
        var token = TestContext.Current.CancellationToken;

        // This test's requests carry a trace of their own (W3C traceparent), so its spans are told from other tests'.
        var trace = ActivityTraceId.CreateRandom();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var messageId = $"tm-{Guid.NewGuid():N}";
        var fileName = $"telemetry-{Guid.NewGuid():N}.csv";

        // HTTP: one accepted, one rejected; then an older update of a complaint, stale.
        var sales = new[] { Samples.Valid("sales"), Samples.Valid("sales").With("id", "S-2").With("amount", "lots") };
        using (var post = await client.PostAsJsonAsync("/api/records/sales", sales, token))
        {
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        }

        var complaint = Samples.Valid("complaints").With("receivedAt", "2026-10-03T09:00:00+08:00");
        (await client.PostAsJsonAsync("/api/records/complaints", new[] { complaint.With("updatedAt", "2026-10-05T09:00:00+08:00") }, token)).Dispose();
        (await client.PostAsJsonAsync("/api/records/complaints", new[] { complaint.With("updatedAt", "2026-10-04T09:00:00+08:00") }, token)).Dispose();

        // Queue (one good message, one poisoned) and blob.
        var queue = app.Services.GetRequiredService<QueueIngestion>();
        await queue.ProcessAsync(JsonSerializer.Serialize(new { kind = "surveys", records = new[] { Samples.Valid("surveys") } }), 1, messageId, token);
        await queue.ProcessAsync("not json", 1, messageId + "-bad", token);
        await app.Services.GetRequiredService<BlobIngestion>().ProcessAsync("inquiries", fileName,
            BinaryData.FromString("id,receivedAt\nQ-9,2026-11-03T09:00:00+08:00\n"), "text/csv", token);

        // An assessment whose unresolved complaint raises an alert, and the reports it writes.
        using var run = await client.PostAsync("/api/assessments/2026-10", null, token);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var alerts = JsonNode.Parse(await run.Content.ReadAsStringAsync(token))!["alerts"]!.AsArray();
        Assert.NotEmpty(alerts);

        Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush());
        var seen = spans.Snapshot();

        Activity Span(string name, Func<Activity, bool> mine) => Assert.Single(seen, s => s.OperationName == name && mine(s));
        var httpIngest = Span("pipeline.ingest", s => s.TraceId == trace && Tag(s, "pipeline.source") == "http" && Tag(s, "pipeline.kind") == "sales");
        Assert.Equal(("2", "1", "1"), (Tag(httpIngest, "pipeline.records.received"), Tag(httpIngest, "pipeline.records.accepted"), Tag(httpIngest, "pipeline.records.rejected")));
        Assert.Equal("1", Tag(Span("pipeline.ingest", s => s.TraceId == trace && Tag(s, "pipeline.kind") == "complaints" && Tag(s, "pipeline.records.stale") == "1"), "pipeline.records.received"));
        var queueSpan = Span("pipeline.ingest.queue", s => Tag(s, "messaging.message.id") == messageId);
        Span("pipeline.ingest", s => s.ParentSpanId == queueSpan.SpanId && Tag(s, "pipeline.source") == "queue");
        Span("pipeline.ingest.queue", s => Tag(s, "messaging.message.id") == messageId + "-bad" && Tag(s, "pipeline.poisoned") == "permanent");
        var blobSpan = Span("pipeline.ingest.blob", s => Tag(s, "pipeline.blob.name") == $"inquiries/{fileName}");
        var assessment = Span("pipeline.assessment", s => s.TraceId == trace);
        Assert.Equal(("2026-10", alerts.Count.ToString()), (Tag(assessment, "pipeline.period"), Tag(assessment, "pipeline.alerts")));
        Assert.Contains(assessment.Events, e => e.Name == "reporting");
        var reports = seen.Where(s => s.OperationName == "pipeline.report.write" && s.TraceId == assessment.TraceId).ToList();
        Assert.Contains(reports, s => Tag(s, "pipeline.report.path") == "monthly/2026-10/assessment.html");
        Assert.Contains(reports, s => Tag(s, "pipeline.report.path")!.EndsWith("/assessment.xlsx", StringComparison.Ordinal));

        // The Azure SDK's own spans sit beneath the pipeline's: table writes under ingestion, blob uploads under a report.
        Assert.Contains(seen, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.ParentSpanId == httpIngest.SpanId);
        Assert.Contains(seen, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && s.TraceId == blobSpan.TraceId && s.SpanId != blobSpan.SpanId);
        Assert.Contains(seen, s => s.Source.Name.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal) && reports.Any(r => r.SpanId == s.ParentSpanId));

        var measured = metrics.Snapshot();

        long Sum(string name, params (string Key, string Value)[] tags) => measured.Where(m => m.Name == name)
            .SelectMany(m => m.MetricPoints)
            .Where(p => tags.All(t => Tags(p).TryGetValue(t.Key, out var v) && v == t.Value))
            .Select(p => p.GetSumLong())
            .DefaultIfEmpty(0)
            .Max(); // cumulative: the latest export holds the total
        Assert.True(Sum("pipeline.records.accepted", ("pipeline.kind", "sales"), ("pipeline.source", "http")) >= 1);
        Assert.True(Sum("pipeline.records.rejected", ("pipeline.kind", "sales"), ("pipeline.source", "http")) >= 1);
        Assert.True(Sum("pipeline.records.stale", ("pipeline.kind", "complaints"), ("pipeline.source", "http")) >= 1);
        Assert.True(Sum("pipeline.records.accepted", ("pipeline.kind", "surveys"), ("pipeline.source", "queue")) >= 1);
        Assert.True(Sum("pipeline.records.accepted", ("pipeline.kind", "inquiries"), ("pipeline.source", "blob")) >= 1);
        Assert.True(Sum("pipeline.poison.messages", ("pipeline.reason", "permanent")) >= 1);
        Assert.True(Sum("pipeline.alerts.raised", ("pipeline.kpi", (string)alerts[0]!["kpi"]!)) >= 1);
        var durations = measured.Where(m => m.Name == "pipeline.assessment.duration").SelectMany(m => m.MetricPoints)
            .Where(p => Tags(p).GetValueOrDefault("pipeline.outcome") == "completed").ToList();
        Assert.Contains(durations, p => p.GetHistogramCount() >= 1 && p.GetHistogramSum() > 0);
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value?.ToString();
        }

        return tags;
    }
}
