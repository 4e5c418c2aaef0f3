using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Pipeline.Storage;

namespace Pipeline.Api;

/// <summary>Errors as <c>application/problem+json</c> with a clear detail (CONTRACT §4).</summary>
public static class Problems
{
    /// <summary>Seconds a sender is asked to wait (<c>Retry-After</c>) before resending after a 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>A problem response with <paramref name="status"/> and <paramref name="detail"/>.</summary>
    public static ProblemHttpResult Of(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    /// <summary>
    /// 503 with <c>Retry-After</c>: storage failed or is known to be down. When <paramref name="failure"/> says storage
    /// could not be reached, <paramref name="health"/> learns of the outage (logged once, not per request).
    /// </summary>
    public static ProblemHttpResult Unavailable(HttpContext context, StorageHealth health, string detail, Exception? failure = null)
    {
        if (failure is not null && StorageFailure.IsUnreachable(failure))
        {
            health.ReportUnreachable(StorageFailure.Describe(failure));
        }

        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Of(StatusCodes.Status503ServiceUnavailable, detail);
    }

    /// <summary>The detail of a 503 answered without trying, because storage is known to be down.</summary>
    public static string StorageDown(StorageHealth health) =>
        $"Storage has been unreachable since {health.Since:O} ({health.Error}); nothing was stored. " +
        $"Resending the same body is safe (records are upserted by id): wait {RetryAfterSeconds} s (Retry-After) first.";
}
