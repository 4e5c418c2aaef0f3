using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Settings;
using Pipeline.Telemetry;

namespace Pipeline.Ingestion;

/// <summary>
/// <c>POST /api/queues/ingest-poison/replay</c> (CONTRACT §4): sends the messages in <c>ingest-poison</c> back to
/// <c>ingest</c> as their original text, once their cause is fixed — all of them, or those whose error contains a text.
/// Each replayed message is sent first and deleted from the poison queue after, so a failure half-way duplicates at
/// most one message (ingestion upserts by id, so a duplicate stores nothing twice) and loses none.
/// </summary>
public sealed partial class PoisonReplay(Storage.StorageAccount account, IOptions<StorageOptions> options, ILogger<PoisonReplay> logger)
{
    /// <summary>The most messages one call replays; the rest stay and <c>left</c> says how many (call again).</summary>
    public const int MaxPerCall = 5000;

    // Long enough for one call to walk the queue: messages it leaves are hidden meanwhile, so none is read twice,
    // and made visible again at the end.
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);

    /// <summary>What a replay did.</summary>
    /// <param name="Replayed">Messages sent back to <c>ingest</c>.</param>
    /// <param name="Left">Messages still in <c>ingest-poison</c>.</param>
    public sealed record ReplayResult(int Replayed, int Left);

    /// <summary>Replays the poison messages whose error contains <paramref name="errorContains"/> (all when empty).</summary>
    public async Task<ReplayResult> ReplayAsync(string? errorContains, CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.Start("pipeline.poison.replay");
        activity?.SetTag("pipeline.error_contains", errorContains);
        var poison = account.Queues.GetQueueClient(options.Value.Name("ingest-poison"));
        if (!await poison.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return new ReplayResult(0, 0);
        }

        var ingest = account.Queues.GetQueueClient(options.Value.Name("ingest"));
        await ingest.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var kept = new List<QueueMessage>();
        var replayed = 0;
        while (replayed + kept.Count < MaxPerCall)
        {
            QueueMessage[] batch = await poison.ReceiveMessagesAsync(32, Hold, cancellationToken).ConfigureAwait(false);
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                var (error, original) = Open(message.MessageText);
                if (!string.IsNullOrEmpty(errorContains) && !error.Contains(errorContains, StringComparison.OrdinalIgnoreCase))
                {
                    kept.Add(message);
                    continue;
                }

                await ingest.SendMessageAsync(original, cancellationToken).ConfigureAwait(false);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                replayed++;
            }
        }

        foreach (var message in kept)
        {
            await ReleaseAsync(poison, message, cancellationToken).ConfigureAwait(false);
        }

        QueueProperties properties = await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        var left = properties.ApproximateMessagesCount;
        PipelineTelemetry.PoisonReplayed.Add(replayed);
        activity?.SetTag("pipeline.replayed", replayed);
        activity?.SetTag("pipeline.left", left);
        LogReplayed(replayed, left, errorContains);
        return new ReplayResult(replayed, left);
    }

    /// <summary>
    /// The error and original text of a poison message: the pipeline's envelope <c>{"error","dequeueCount","failedAt","message"}</c>,
    /// or, for a message the host moved there itself (no envelope), the whole text with no error.
    /// </summary>
    public static (string Error, string Original) Open(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String &&
                root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String &&
                root.TryGetProperty("dequeueCount", out _))
            {
                return (error.GetString()!, message.GetString()!);
            }
        }
        catch (JsonException)
        {
        }

        return ("", text);
    }

    private static async Task ReleaseAsync(QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Someone else deleted or re-read it meanwhile: nothing to release.
        }
    }

    [LoggerMessage(LogLevel.Information, "Replayed {Replayed} poison message(s) to ingest ({ErrorContains}); {Left} left in ingest-poison")]
    private partial void LogReplayed(int replayed, int left, string? errorContains);
}
