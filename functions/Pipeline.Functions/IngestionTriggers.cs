using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Ingestion;

namespace Pipeline.Functions;

/// <summary>Queue and blob ingestion as Azure Functions; each is one call into the shared service.</summary>
public sealed class IngestionTriggers(QueueIngestion queue, BlobIngestion blobs)
{
    /// <summary>Records from the storage queue <c>ingest</c> (base64 JSON, as the host expects).</summary>
    [Function("IngestQueue")]
    public Task IngestQueueAsync([QueueTrigger("ingest")] string message, long dequeueCount, string id, CancellationToken cancellationToken) =>
        queue.ProcessAsync(message, dequeueCount, id, cancellationToken);

    /// <summary>A CSV dropped under <c>incoming/{kind}/</c>; on Flex Consumption blob triggers come from Event Grid.</summary>
    [Function("IngestBlob")]
    public async Task IngestBlobAsync(
        [BlobTrigger("incoming/{kind}/{name}", Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        string kind,
        string name,
        CancellationToken cancellationToken)
    {
        var download = await blob.DownloadContentAsync(cancellationToken);
        await blobs.ProcessAsync(kind, name, download.Value.Content, download.Value.Details.ContentType, cancellationToken);
    }
}
