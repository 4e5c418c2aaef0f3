using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs;
using Pipeline.Runs;
using Pipeline.Ingestion;

namespace Pipeline.Standalone;

/// <summary>
/// The Functions app's queue, blob and timer triggers for the standalone hosting, run by the WebJobs SDK (the engine
/// the Functions host's own triggers are built on) over the same services: base64 queue messages with poison after
/// five dequeues, <c>incoming/</c> drops processed once (receipts), the timer's schedule status and singleton lock.
/// Names come from settings so tests can give each app its own queue and containers.
/// </summary>
public sealed class StandaloneTriggers(QueueIngestion queue, BlobIngestion blobs, ScheduledAssessments schedule, AssessmentEvents events)
{
    /// <summary>Records from the <c>ingest</c> queue.</summary>
    [FunctionName("IngestQueue")]
    public Task IngestQueueAsync([QueueTrigger("%Triggers:IngestQueue%")] string message, long dequeueCount, string id, CancellationToken cancellationToken) =>
        queue.ProcessAsync(message, dequeueCount, id, cancellationToken);

    /// <summary>A CSV dropped under <c>incoming/{kind}/</c> (polled locally; Event Grid in Azure).</summary>
    [FunctionName("IngestBlob")]
    public async Task IngestBlobAsync([BlobTrigger("%Triggers:IncomingContainer%/{kind}/{name}")] BlobClient blob, string kind, string name, CancellationToken cancellationToken)
    {
        var download = await blob.DownloadContentAsync(cancellationToken);
        await blobs.ProcessAsync(kind, name, download.Value.Content, download.Value.Details.ContentType, cancellationToken);
    }

    /// <summary>The tick that runs due monthly (and annual) assessments; the schedule itself is evaluated by the pipeline.</summary>
    [FunctionName("MonthlyAssessment")]
    public async Task TickAsync([TimerTrigger("%Assessment:Tick%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        await events.FlushOutboxAsync(cancellationToken);
        await schedule.TickAsync(cancellationToken);
    }
}
