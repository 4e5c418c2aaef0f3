using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Pipeline.Api;

/// <summary>Errors as <c>application/problem+json</c> with a clear detail (CONTRACT §4).</summary>
public static class Problems
{
    /// <summary>A problem response with <paramref name="status"/> and <paramref name="detail"/>.</summary>
    public static ProblemHttpResult Of(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);
}
