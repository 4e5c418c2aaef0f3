using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Api;

/// <summary><c>GET /api/health</c>: liveness and whether storage can be reached (anonymous).</summary>
public static class HealthEndpoints
{
    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "health";

    /// <summary>The health document.</summary>
    /// <param name="Status"><c>ok</c>, or <c>storage-unreachable</c> (answered with 503) during a storage outage.</param>
    /// <param name="Hosting">Where the app runs: <c>functions</c> or <c>standalone</c>.</param>
    /// <param name="EmbeddedStorage">Whether the standalone app started its own Azurite.</param>
    /// <param name="TimeZone">The company time zone.</param>
    /// <param name="Storage">The storage endpoints in use and whether they answer.</param>
    /// <param name="Memory">The process's memory, to watch for growth.</param>
    public sealed record Health(string Status, string Hosting, bool EmbeddedStorage, string TimeZone, StorageEndpoints Storage, ProcessMemory Memory);

    /// <summary>The process's memory now.</summary>
    /// <param name="WorkingSetBytes">Physical memory in use by the process.</param>
    /// <param name="ManagedHeapBytes">The managed heap after the last garbage collection.</param>
    public sealed record ProcessMemory(long WorkingSetBytes, long ManagedHeapBytes);

    /// <summary>The storage service endpoints and their state.</summary>
    /// <param name="Blob">Blob endpoint.</param>
    /// <param name="Queue">Queue endpoint.</param>
    /// <param name="Table">Table endpoint.</param>
    /// <param name="Reachable">Whether storage answered the last probe or call.</param>
    /// <param name="UnreachableSince">Start of the current outage.</param>
    /// <param name="Error">What the first failed call of the current outage said.</param>
    /// <param name="Outages">Outages seen since the app started.</param>
    /// <param name="Emulator">The embedded Azurite's state (standalone with no storage setting): <c>running</c>, <c>restarting</c>, with restarts.</param>
    /// <param name="Triggers">The standalone queue, blob and timer triggers: <c>running</c>, <c>paused</c>, <c>starting</c>, <c>disabled</c>.</param>
    public sealed record StorageEndpoints(
        string Blob, string Queue, string Table, bool Reachable = true, DateTimeOffset? UnreachableSince = null, string? Error = null,
        int Outages = 0, string? Emulator = null, string? Triggers = null);

    /// <summary>Answers with the health document: 200 when storage answers, 503 during an outage.</summary>
    public static JsonHttpResult<Health> Get(StorageAccount account, HostingInfo hosting, IOptions<PipelineOptions> options, StorageHealth health) =>
        TypedResults.Json(
            new Health(
                health.IsReachable ? "ok" : "storage-unreachable",
                hosting.Name,
                hosting.EmbeddedStorage,
                options.Value.TimeZone,
                new StorageEndpoints(
                    account.Blobs.Uri.ToString(), account.Queues.Uri.ToString(), account.Tables.Uri.ToString(),
                    health.IsReachable, health.Since, health.Error, health.Outages, health.Emulator, health.Triggers),
                new ProcessMemory(Environment.WorkingSet, GC.GetGCMemoryInfo().HeapSizeBytes)),
            statusCode: health.IsReachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
}

/// <summary>Which hosting runs the pipeline.</summary>
/// <param name="Name"><c>functions</c> or <c>standalone</c>.</param>
/// <param name="EmbeddedStorage">Whether the app started its own storage emulator.</param>
public sealed record HostingInfo(string Name, bool EmbeddedStorage);
