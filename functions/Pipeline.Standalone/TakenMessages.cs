using System.Collections.Concurrent;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;

namespace Pipeline.Standalone;

/// <summary>
/// The queue messages the trigger job hosts have taken and not yet given back, so that those of a stopped job host are
/// released at once (made visible again) instead of staying hidden for the WebJobs queue listener's fixed 10 minutes.
/// </summary>
/// <remarks>
/// <para>
/// A pipeline policy of the job host's queue clients (the queue trigger's and the blob trigger's own queue). It watches
/// the storage calls themselves: a receive adds its messages, a delete or an update to visibility 0 (the SDK handing a
/// message back) removes one, another update keeps its new pop receipt. What is left after a job host stopped was taken
/// and never finished: its completion was cancelled (a stop that timed out), failed (storage down), or the listener never
/// saw the message at all.
/// </para>
/// <para>
/// The last case is why a receive runs to its end here even when the listener cancels it: the listener cancels its
/// receive when it stops, and a receive cut short after storage had already hidden its messages left them hidden with
/// no one knowing their pop receipts. Here the answer is still read, so its messages are known and released.
/// </para>
/// </remarks>
public sealed class TakenMessages : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<(string Queue, string Id), string> _taken = new();

    /// <summary>Messages taken and not given back, by queue and id, with their latest pop receipt.</summary>
    public IReadOnlyCollection<(string Queue, string Id)> Pending => _taken.Keys.ToList();

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var call = Classify(message.Request);
        if (call.Kind == CallKind.Receive)
        {
            var uncancelled = Uncancelled(message);
            ProcessNext(uncancelled, pipeline);
            message.Response = uncancelled.Response;
        }
        else
        {
            ProcessNext(message, pipeline);
        }

        Observe(call, message);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var call = Classify(message.Request);
        if (call.Kind == CallKind.Receive)
        {
            var uncancelled = Uncancelled(message);
            await ProcessNextAsync(uncancelled, pipeline).ConfigureAwait(false);
            message.Response = uncancelled.Response;
        }
        else
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }

        Observe(call, message);
    }

    /// <summary>
    /// Makes every pending message visible again (visibility timeout 0) through <paramref name="queues"/>. Call only while
    /// no job host runs. A message that is gone, or that someone else took since, is forgotten; one that cannot be
    /// released now (storage down) stays pending for the next call.
    /// </summary>
    /// <returns>How many were released.</returns>
    public async Task<int> ReleaseAsync(QueueServiceClient queues, CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var ((queue, id), popReceipt) in _taken.ToArray())
        {
            try
            {
                await queues.GetQueueClient(queue).UpdateMessageAsync(id, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                released++;
                _taken.TryRemove(new KeyValuePair<(string, string), string>((queue, id), popReceipt));
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 400)
            {
                // Deleted (processed after all), or taken again by someone else (pop receipt mismatch): nothing to give back.
                _taken.TryRemove(new KeyValuePair<(string, string), string>((queue, id), popReceipt));
            }
        }

        return released;
    }

    // The receive without the caller's cancellation: the listener cancels it when it stops, and a receive cut short after
    // storage hid its messages would leave them hidden and unknown. It still ends with the network timeout of a try.
    private static HttpMessage Uncancelled(HttpMessage message) => new(message.Request, message.ResponseClassifier)
    {
        BufferResponse = message.BufferResponse,
        NetworkTimeout = message.NetworkTimeout,
    };

    private void Observe(Call call, HttpMessage message)
    {
        if (call.Kind == CallKind.Other || !message.HasResponse)
        {
            return;
        }

        var response = message.Response;
        switch (call.Kind)
        {
            case CallKind.Receive when response.Status == 200 && response.ContentStream is { CanSeek: true } stream:
                var position = stream.Position;
                var document = XDocument.Load(stream);
                stream.Position = position;
                foreach (var taken in document.Descendants("QueueMessage"))
                {
                    if (taken.Element("MessageId")?.Value is { } id && taken.Element("PopReceipt")?.Value is { } popReceipt)
                    {
                        _taken[(call.Queue, id)] = popReceipt;
                    }
                }

                break;
            case CallKind.Delete when response.Status is 204 or 404:
            case CallKind.Release when response.Status is 204 or 404:
                _taken.TryRemove((call.Queue, call.Id), out _);
                break;
            case CallKind.Update when response.Status == 204 && response.Headers.TryGetValue("x-ms-popreceipt", out var renewed):
                if (_taken.ContainsKey((call.Queue, call.Id)))
                {
                    _taken[(call.Queue, call.Id)] = renewed!;
                }

                break;
        }
    }

    // What a queue call does to the messages: GET {queue}/messages receives (unless it peeks), DELETE and PUT
    // {queue}/messages/{id}?popreceipt=… delete or update one (an update to visibility 0 hands it back).
    private static Call Classify(Request request)
    {
        var uri = request.Uri.ToUri();
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var query = uri.Query;
        if (request.Method == RequestMethod.Get && segments.Length >= 2 && segments[^1] == "messages" &&
            !query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase))
        {
            return new(CallKind.Receive, Uri.UnescapeDataString(segments[^2]), "");
        }

        if (segments.Length >= 3 && segments[^2] == "messages" && query.Contains("popreceipt=", StringComparison.OrdinalIgnoreCase))
        {
            var queue = Uri.UnescapeDataString(segments[^3]);
            var id = Uri.UnescapeDataString(segments[^1]);
            if (request.Method == RequestMethod.Delete)
            {
                return new(CallKind.Delete, queue, id);
            }

            if (request.Method == RequestMethod.Put)
            {
                var release = query.Split('?', '&').Contains("visibilitytimeout=0", StringComparer.OrdinalIgnoreCase);
                return new(release ? CallKind.Release : CallKind.Update, queue, id);
            }
        }

        return new(CallKind.Other, "", "");
    }

    private enum CallKind
    {
        Other,
        Receive,
        Delete,
        Update,
        Release,
    }

    private readonly record struct Call(CallKind Kind, string Queue, string Id);
}
