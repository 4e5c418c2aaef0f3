using Microsoft.Extensions.Logging;
using Pipeline.Records;
using Pipeline.Storage;

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
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    public async Task<IngestionResult> IngestAsync(
        RecordKind kind, IReadOnlyList<RawRecord> records, bool atomic = false, CancellationToken cancellationToken = default)
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
