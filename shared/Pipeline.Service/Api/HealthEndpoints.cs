using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Api;

/// <summary><c>GET /api/health</c>: liveness, with the storage endpoints in use (anonymous).</summary>
public static class HealthEndpoints
{
    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "health";

    /// <summary>The health document.</summary>
    /// <param name="Status">Always <c>ok</c> when the app answers.</param>
    /// <param name="Hosting">Where the app runs: <c>functions</c> or <c>standalone</c>.</param>
    /// <param name="EmbeddedStorage">Whether the standalone app started its own Azurite.</param>
    /// <param name="TimeZone">The company time zone.</param>
    /// <param name="Storage">The storage endpoints in use.</param>
    public sealed record Health(string Status, string Hosting, bool EmbeddedStorage, string TimeZone, StorageEndpoints Storage);

    /// <summary>The storage service endpoints.</summary>
    public sealed record StorageEndpoints(string Blob, string Queue, string Table);

    /// <summary>Answers with the health document.</summary>
    public static Ok<Health> Get(StorageAccount account, HostingInfo hosting, IOptions<PipelineOptions> options) =>
        TypedResults.Ok(new Health(
            "ok",
            hosting.Name,
            hosting.EmbeddedStorage,
            options.Value.TimeZone,
            new StorageEndpoints(account.Blobs.Uri.ToString(), account.Queues.Uri.ToString(), account.Tables.Uri.ToString())));
}

/// <summary>Which hosting runs the pipeline.</summary>
/// <param name="Name"><c>functions</c> or <c>standalone</c>.</param>
/// <param name="EmbeddedStorage">Whether the app started its own storage emulator.</param>
public sealed record HostingInfo(string Name, bool EmbeddedStorage);
