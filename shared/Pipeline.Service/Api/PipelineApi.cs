using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Settings;

namespace Pipeline.Api;

/// <summary>The HTTP routes of CONTRACT §4 for the standalone hosting; the Functions app declares the same handlers as functions.</summary>
public static class PipelineApi
{
    /// <summary>Maps every route under <c>/api</c>.</summary>
    public static RouteGroupBuilder MapPipelineApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet(HealthEndpoints.Route, HealthEndpoints.Get).WithName("Health");
        api.MapGet(OpenApiEndpoints.Route, OpenApiEndpoints.Get).WithName("OpenApi").ExcludeFromDescription();

        var keyed = api.MapGroup("").AddEndpointFilter(RequireApiKeyAsync);
        keyed.MapPost(RecordsEndpoints.Route, RecordsEndpoints.IngestAsync).WithName("IngestRecords")
            // No .Accepts(...): it would make routing refuse other content types with a bare 415 instead of the handler's problem+json.
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keyed.MapPost(QueuesEndpoints.ReplayRoute, QueuesEndpoints.ReplayAsync).WithName("ReplayPoison");
        keyed.MapPost(AssessmentsEndpoints.Route, AssessmentsEndpoints.RunAsync).WithName("RunAssessment");
        keyed.MapGet(AssessmentsEndpoints.Route, AssessmentsEndpoints.GetAsync).WithName("GetAssessment");
        keyed.MapGet(ReportsEndpoints.ListRoute, ReportsEndpoints.ListAsync).WithName("ListReports");
        keyed.MapGet(ReportsEndpoints.DownloadRoute, ReportsEndpoints.DownloadAsync).WithName("DownloadReport");
        keyed.MapGet(ReportsEndpoints.PortalRoute, ReportsEndpoints.PortalAsync).WithName("Portal");
        return api;
    }

    // Standalone stand-in for the Functions host's key check (CONTRACT §8): only when Pipeline:ApiKey is set.
    private static async ValueTask<object?> RequireApiKeyAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.RequestServices.GetRequiredService<IOptions<PipelineOptions>>().Value.ApiKey;
        if (!string.IsNullOrEmpty(key))
        {
            var sent = http.Request.Headers["x-functions-key"].ToString();
            if (string.IsNullOrEmpty(sent))
            {
                sent = http.Request.Query["code"].ToString();
            }

            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(sent), System.Text.Encoding.UTF8.GetBytes(key)))
            {
                return Problems.Of(StatusCodes.Status401Unauthorized, "A valid key is required in the x-functions-key header.");
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
