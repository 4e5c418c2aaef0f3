using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Ingestion;
using Pipeline.Storage;

namespace Pipeline.Api;

/// <summary><c>POST /api/queues/ingest-poison/replay</c>: poison messages back to <c>ingest</c> (CONTRACT §4).</summary>
public static class QueuesEndpoints
{
    /// <summary>The route below <c>/api</c>.</summary>
    public const string ReplayRoute = "queues/ingest-poison/replay";

    /// <summary>Sends the poison messages (those whose error contains <paramref name="errorContains"/>, or all) back to <c>ingest</c>.</summary>
    public static async Task<Results<Ok<PoisonReplay.ReplayResult>, ProblemHttpResult>> ReplayAsync(
        string? errorContains, PoisonReplay replay, CancellationToken cancellationToken = default)
    {
        if (errorContains is { Length: > 1000 })
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "errorContains is longer than 1,000 characters; no poison error is that long.");
        }

        try
        {
            return TypedResults.Ok(await replay.ReplayAsync(errorContains, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable,
                $"Storage failed during the replay ({StorageFailure.Describe(ex)}); messages replayed so far are in ingest, the rest still in ingest-poison. Call again.");
        }
    }
}
