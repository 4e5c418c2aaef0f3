using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Telemetry;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Ingestion;

/// <summary>
/// Ingestion from the storage queue <c>ingest</c> (CONTRACT §5): messages <c>{"kind": "...", "records": [...]}</c>, the
/// same ingestion as HTTP. A message that can never succeed (unparseable, unknown kind) goes to <c>ingest-poison</c> at
/// once with its error; one that fails for a passing reason (storage down) is retried by throwing, and written to
/// <c>ingest-poison</c> by the pipeline itself at the fifth attempt, so the error always travels with it. Records of a
/// message that were rejected are kept, with their errors, in the container <c>ingest-errors</c> under
/// <c>queue/{yyyy-MM-dd}/{messageId}.json</c>.
/// </summary>
public sealed partial class QueueIngestion(
    IngestionService ingestion, StorageAccount account, IOptions<StorageOptions> options, TimeProvider time, ILogger<QueueIngestion> logger)
{
    /// <summary>The attempt at which a message failing for a passing reason is given up (the host's <c>maxDequeueCount</c>).</summary>
    public const int MaxAttempts = 5;

    /// <summary>The envelope written to <c>ingest-poison</c>.</summary>
    public sealed record PoisonEnvelope(string Error, long DequeueCount, DateTimeOffset FailedAt, string Message);

    private sealed class PermanentFailure(string message) : Exception(message);

    /// <summary>Processes one message; throws only when the host should retry it.</summary>
    /// <param name="message">The message text (already base64-decoded by the host).</param>
    /// <param name="dequeueCount">How many times it has been dequeued, this time included.</param>
    /// <param name="messageId">The queue message id.</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    public async Task<IngestionResult?> ProcessAsync(string message, long dequeueCount, string messageId, CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.Start("pipeline.ingest.queue", System.Diagnostics.ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "azure_storage_queues");
        activity?.SetTag("messaging.message.id", messageId);
        activity?.SetTag("messaging.delivery_count", dequeueCount);
        try
        {
            return await ProcessCoreAsync(message, dequeueCount, messageId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity.Fail(ex);
            throw;
        }
    }

    private async Task<IngestionResult?> ProcessCoreAsync(string message, long dequeueCount, string messageId, CancellationToken cancellationToken)
    {
        RecordKind kind;
        IReadOnlyList<RawRecord> records;
        try
        {
            (kind, records) = Parse(message);
        }
        catch (PermanentFailure ex)
        {
            await PoisonAsync(message, dequeueCount, ex.Message, "permanent", cancellationToken).ConfigureAwait(false);
            return null;
        }

        try
        {
            var result = await ingestion.IngestAsync(kind, records, atomic: false, IngestionSource.Queue, cancellationToken).ConfigureAwait(false);
            if (result.Rejected > 0)
            {
                await KeepRejectedAsync(messageId, result, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }
        catch (Exception ex) when (StorageFailure.Is(ex) && dequeueCount >= MaxAttempts)
        {
            await PoisonAsync(message, dequeueCount, $"storage failed on attempt {dequeueCount} of {MaxAttempts}: {StorageFailure.Describe(ex)}", "storage", cancellationToken)
                .ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Reads a message; throws <see cref="PermanentFailure"/> for one that can never succeed.</summary>
    private static (RecordKind Kind, IReadOnlyList<RawRecord> Records) Parse(string message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException ex)
        {
            throw new PermanentFailure($"message is not JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PermanentFailure("message must be a JSON object {\"kind\": \"...\", \"records\": [...]}");
            }

            var kindName = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (KpiCatalog.FindKind(kindName) is not { } kind)
            {
                throw new PermanentFailure($"unknown record kind '{kindName}'; kinds: {string.Join(", ", KpiCatalog.Kinds.Select(r => r.Name))}");
            }

            if (!root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                throw new PermanentFailure("message needs \"records\": a JSON array of records");
            }

            return (kind, RecordBodyReader.ReadJson(Encoding.UTF8.GetBytes(records.GetRawText())));
        }
    }

    private async Task PoisonAsync(string message, long dequeueCount, string error, string reason, CancellationToken cancellationToken)
    {
        var poison = account.Queues.GetQueueClient(options.Value.Name("ingest-poison"));
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var envelope = new PoisonEnvelope(error, dequeueCount, time.GetUtcNow(), message);
        await poison.SendMessageAsync(JsonSerializer.Serialize(envelope, StoredJson.Options), cancellationToken).ConfigureAwait(false);
        PipelineTelemetry.PoisonMessages.Add(1, new KeyValuePair<string, object?>("pipeline.reason", reason));
        System.Diagnostics.Activity.Current?.SetTag("pipeline.poisoned", reason);
        LogPoisoned(dequeueCount, error);
    }

    private async Task KeepRejectedAsync(string messageId, IngestionResult result, CancellationToken cancellationToken)
    {
        var container = account.Blobs.GetBlobContainerClient(options.Value.Name("ingest-errors"));
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var path = $"queue/{time.GetUtcNow():yyyy-MM-dd}/{messageId}.json";
        await container.GetBlobClient(path).UploadAsync(BinaryData.FromObjectAsJson(result, StoredJson.Options),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken).ConfigureAwait(false);
        LogRejected(result.Rejected, result.Kind, path);
    }

    [LoggerMessage(LogLevel.Warning, "Queue message moved to ingest-poison after {DequeueCount} attempt(s): {Error}")]
    private partial void LogPoisoned(long dequeueCount, string error);

    [LoggerMessage(LogLevel.Warning, "Queue message: {Rejected} {Kind} record(s) rejected; errors kept at ingest-errors/{Path}")]
    private partial void LogRejected(int rejected, string kind, string path);
}
