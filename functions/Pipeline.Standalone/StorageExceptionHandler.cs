using Microsoft.AspNetCore.Diagnostics;
using Pipeline.Api;
using Pipeline.Storage;

namespace Pipeline.Standalone;

/// <summary>
/// A storage failure that a route did not handle itself (reports, portal) answers 503 problem+json with
/// <c>Retry-After</c>, not a 500: the app is fine, its storage is not.
/// </summary>
internal sealed class StorageExceptionHandler(StorageHealth health) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!StorageFailure.Is(exception) && !StorageFailure.IsUnreachable(exception))
        {
            return false;
        }

        var problem = Problems.Unavailable(httpContext, health,
            $"Storage failed ({StorageFailure.Describe(exception)}). Try again after {Problems.RetryAfterSeconds} s.", exception);
        await problem.ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
