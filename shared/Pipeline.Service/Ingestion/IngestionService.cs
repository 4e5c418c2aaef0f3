using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Records;
using Pipeline.Storage;
using Pipeline.Telemetry;

namespace Pipeline.Ingestion;

/// <summary>
/// Ingestion, whatever the transport (HTTP, queue, blob): validate every record, store the valid ones
/// (or none, when atomic and any is invalid), and report each rejected record.
/// </summary>
public sealed partial class IngestionService(RecordValidator validator, RecordStore store, ILogger<IngestionService> logger)
{
    /// <summary>Validates and stores <paramref name="records"/> of <paramref name="kind"/>.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="records">The records as read from the body.</param>
    /// <param name="atomic">When true, nothing is stored unless every record is valid.</param>
    /// <param name="source">How the records arrived (tags the span and the metrics).</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    public async Task<IngestionResult> IngestAsync(
        RecordKind kind, IReadOnlyList<RawRecord> records, bool atomic = false, IngestionSource source = IngestionSource.Http,
        CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.Start("pipeline.ingest");
        activity?.SetTag("pipeline.kind", kind.Name);
        activity?.SetTag("pipeline.source", SourceName(source));
        activity?.SetTag("pipeline.records.received", records.Count);
        try
        {
            var result = await IngestCoreAsync(kind, records, atomic, cancellationToken).ConfigureAwait(false);
            Count(result, source, activity);
            return result;
        }
        catch (Exception ex)
        {
            activity.Fail(ex);
            throw;
        }
    }

    /// <summary>The tag value of a source: <c>http</c>, <c>queue</c>, <c>blob</c>.</summary>
    public static string SourceName(IngestionSource source) => source switch
    {
        IngestionSource.Queue => "queue",
        IngestionSource.Blob => "blob",
        _ => "http",
    };

    private static void Count(IngestionResult result, IngestionSource source, Activity? activity)
    {
        var tags = new TagList { { "pipeline.kind", result.Kind }, { "pipeline.source", SourceName(source) } };
        var stored = result.RefusedAtomic ? 0 : result.Accepted;
        PipelineTelemetry.RecordsAccepted.Add(stored, tags);
        PipelineTelemetry.RecordsRejected.Add(result.Rejected, tags);
        PipelineTelemetry.RecordsStale.Add(result.Stale, tags);
        activity?.SetTag("pipeline.records.accepted", stored);
        activity?.SetTag("pipeline.records.rejected", result.Rejected);
        activity?.SetTag("pipeline.records.stale", result.Stale);
    }

    private async Task<IngestionResult> IngestCoreAsync(RecordKind kind, IReadOnlyList<RawRecord> records, bool atomic, CancellationToken cancellationToken)
    {
        var valid = new List<ValidRecord>(records.Count);
        var errors = new List<IngestionError>();
        var rejected = 0;
        foreach (var raw in records)
        {
            var outcome = validator.Validate(kind, raw);
            if (outcome.Record is { } record)
            {
                valid.Add(record);
            }
            else
            {
                rejected++;
                errors.AddRange(outcome.Errors.Select(IngestionError.From));
            }
        }

        if (atomic && rejected > 0)
        {
            LogAtomicRefused(kind.Name, records.Count, rejected);
            return new IngestionResult(kind.Name, records.Count, valid.Count, 0, rejected, errors) { RefusedAtomic = true };
        }

        var stored = valid.Count == 0
            ? new RecordStore.Outcome(0, [])
            : await store.UpsertAsync(kind, valid, cancellationToken).ConfigureAwait(false);
        var stale = stored.Stale.Count;
        LogIngested(kind.Name, records.Count, valid.Count - stale, stale, rejected);
        return new IngestionResult(kind.Name, records.Count, valid.Count - stale, stale, rejected, errors);
    }

    [LoggerMessage(LogLevel.Information, "Ingested {Kind}: {Received} received, {Accepted} accepted, {Stale} stale, {Rejected} rejected")]
    private partial void LogIngested(string kind, int received, int accepted, int stale, int rejected);

    [LoggerMessage(LogLevel.Information, "Refused atomic {Kind} post: {Rejected} of {Received} records invalid, nothing stored")]
    private partial void LogAtomicRefused(string kind, int received, int rejected);
}
