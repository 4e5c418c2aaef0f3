using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage;

/// <summary>
/// Heals storage that lost a table, a blob container or a queue (an operator deleted it, or an emulator restarted
/// without it): a call that fails with <c>TableNotFound</c>, <c>ContainerNotFound</c> or <c>QueueNotFound</c> creates
/// the resource again and is retried once. Without this, the resources the pipeline creates once and remembers
/// (<see cref="RecordTables"/>, the report and ingestion containers, the queues) would fail every later call for as long
/// as the app runs.
/// </summary>
/// <remarks>
/// A pipeline policy of the storage clients (<see cref="StorageAccount"/>), per call, so it sees the outcome after the
/// SDK's own retries and covers every caller at once. Only calls inside a resource are healed: reading or writing
/// entities, blobs and messages (and listing blobs). Calls on the resource itself (create, delete, properties) and
/// deletes of anything inside it are left as they are: nothing is made again only to be deleted, and an existence
/// check still answers "no".
/// </remarks>
internal sealed partial class StorageHealing(
    StorageHealing.Kind kind, Uri serviceUri, Func<string, CancellationToken, Task> create, ILogger? logger) : HttpPipelinePolicy
{
    /// <summary>The storage service a client talks to.</summary>
    public enum Kind
    {
        /// <summary>Tables (error code <c>TableNotFound</c>).</summary>
        Table,

        /// <summary>Blobs (error code <c>ContainerNotFound</c>).</summary>
        Blob,

        /// <summary>Queues (error code <c>QueueNotFound</c>).</summary>
        Queue,
    }

    private static long s_healed;

    /// <summary>How many resources were created again in this process (for logs and tests).</summary>
    public static long Healed => Interlocked.Read(ref s_healed);

    private readonly string _basePath = serviceUri.AbsolutePath.TrimEnd('/');

    private string ErrorCode => kind switch
    {
        Kind.Table => "TableNotFound",
        Kind.Blob => "ContainerNotFound",
        _ => "QueueNotFound",
    };

    /// <inheritdoc />
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc />
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        await Next(message, pipeline, async).ConfigureAwait(false);
        if (!IsNotFound(message) || await ResourceOf(message, async).ConfigureAwait(false) is not { } name)
        {
            return;
        }

        try
        {
            await create(name, message.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or IOException or HttpRequestException)
        {
            // Could not make it again (storage down, no right to create): the call fails as it did.
            if (logger is not null)
            {
                LogNotHealed(logger, kind, name, ex.Message);
            }

            return;
        }

        Interlocked.Increment(ref s_healed);
        if (logger is not null)
        {
            LogHealed(logger, kind, name, ErrorCode);
        }

        message.Response.ContentStream?.Dispose();
        await Next(message, pipeline, async).ConfigureAwait(false);
    }

    private static ValueTask Next(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        if (async)
        {
            return ProcessNextAsync(message, pipeline);
        }

        ProcessNext(message, pipeline);
        return ValueTask.CompletedTask;
    }

    // Whether the response says the resource is missing: the error code header (blobs, queues, and Azure's tables), else
    // the error body (the emulator's tables; a transaction's 202 answer holds its failed operation's error).
    private bool IsNotFound(HttpMessage message)
    {
        if (!message.HasResponse)
        {
            return false;
        }

        var response = message.Response;
        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
        {
            return string.Equals(code, ErrorCode, StringComparison.Ordinal);
        }

        if (kind != Kind.Table || response.Status is not (404 or 202) || response.ContentStream is not { } stream)
        {
            return false;
        }

        if (stream is not MemoryStream)
        {
            var buffered = new MemoryStream();
            stream.CopyTo(buffered);
            stream.Dispose();
            buffered.Position = 0;
            response.ContentStream = buffered;
        }

        var body = (MemoryStream)response.ContentStream;
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        body.Position = 0;
        return text.Contains(ErrorCode, StringComparison.Ordinal);
    }

    // The missing resource's name when the call is one that may heal it; null otherwise.
    private async ValueTask<string?> ResourceOf(HttpMessage message, bool async)
    {
        var request = message.Request;
        if (request.Method == RequestMethod.Delete)
        {
            return null;
        }

        var uri = request.Uri.ToUri();
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (_basePath.Length > 0)
        {
            if (!path.StartsWith(_basePath + "/", StringComparison.Ordinal))
            {
                return null;
            }

            path = path[(_basePath.Length + 1)..];
        }
        else
        {
            path = path.TrimStart('/');
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0)
        {
            return null;
        }

        switch (kind)
        {
            case Kind.Table:
                if (segments[0] == "$batch")
                {
                    return await BatchTableAsync(request, async).ConfigureAwait(false);
                }

                var table = segments[0].Split('(')[0];
                return table.Equals("Tables", StringComparison.OrdinalIgnoreCase) ? null : table;
            case Kind.Blob:
                // A blob inside the container, or the list of its blobs; not the container's own operations.
                return segments.Length > 1 || uri.Query.Contains("comp=list", StringComparison.Ordinal) ? segments[0] : null;
            default:
                // The queue's messages; not the queue's own operations.
                return segments.Length > 1 && segments[1] == "messages" ? segments[0] : null;
        }
    }

    // The table a transaction writes to: every operation of a transaction names the same table.
    private async ValueTask<string?> BatchTableAsync(Request request, bool async)
    {
        if (request.Content is null)
        {
            return null;
        }

        using var body = new MemoryStream();
        if (async)
        {
            await request.Content.WriteToAsync(body, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            request.Content.WriteTo(body, CancellationToken.None);
        }

        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        var prefix = Regex.Escape(serviceUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        var match = Regex.Match(text, $@"^(?:POST|PUT|PATCH|MERGE|GET) {prefix}([A-Za-z][A-Za-z0-9]*)[(? ]", RegexOptions.Multiline);
        return match.Success ? match.Groups[1].Value : null;
    }

    [LoggerMessage(LogLevel.Warning, "Storage lost a {Kind} ({Code}): {Name} was created again and the call retried")]
    private static partial void LogHealed(ILogger logger, Kind kind, string name, string code);

    [LoggerMessage(LogLevel.Warning, "Storage lost a {Kind}, {Name}, and it could not be created again: {Message}")]
    private static partial void LogNotHealed(ILogger logger, Kind kind, string name, string message);
}
