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
        api.MapGet(HealthEndpoints.Route, HealthEndpoints.Get).WithName("Health").WithTags(Tags.Health)
            .WithSummary("Liveness, with the storage endpoints in use")
            .Produces<HealthEndpoints.Health>(StatusCodes.Status200OK).Produces<HealthEndpoints.Health>(StatusCodes.Status503ServiceUnavailable)
            .WithMetadata(Anonymous.Instance);
        api.MapGet(OpenApiEndpoints.Route, OpenApiEndpoints.Get).WithName("OpenApi").ExcludeFromDescription();

        // Every route in this group needs the key (x-functions-key, or ?code=): the Functions host checks it in Azure,
        // RequireApiKeyAsync standalone when Pipeline:ApiKey is set.
        var keyed = api.MapGroup("").AddEndpointFilter(RequireApiKeyAsync).ProducesProblem(StatusCodes.Status401Unauthorized);
        keyed.MapPost(RecordsEndpoints.Route, RecordsEndpoints.IngestAsync).WithName("IngestRecords").WithTags(Tags.Records)
            .WithSummary("Ingest records of one kind (JSON, NDJSON or CSV)")
            .WithDescription("Validates every record and stores the valid ones (upsert by id); `?atomic=true` stores nothing unless all are valid. " +
                             "Bodies: a JSON array, one JSON object, `{\"records\": [...]}`, NDJSON (`application/x-ndjson`) or CSV (`text/csv`, " +
                             "UTF-8 with or without BOM, or `charset=gb18030`), first row the field names.")
            .WithMetadata(RecordsBody.Instance)
            // No .Accepts(...): it would make routing refuse other content types with a bare 415 instead of the handler's problem+json.
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keyed.MapGet(RecordsEndpoints.RecordRoute, RecordsEndpoints.GetAsync).WithName("GetRecord").WithTags(Tags.Records)
            .WithSummary("One stored record as it is stored (contract field names, defaults filled in)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keyed.MapGet(RecordsEndpoints.Route, RecordsEndpoints.ListAsync).WithName("ListRecords").WithTags(Tags.Records)
            .WithSummary("The stored records of one kind in a month, quarter or year, 1,000 a page")
            .WithDescription("`?period=` a month (yyyy-MM), quarter (yyyy-Qn) or year (yyyy); master data without it. Follow `next` for the following page.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keyed.MapDelete(RecordsEndpoints.RecordRoute, RecordsEndpoints.DeleteAsync).WithName("DeleteRecord").WithTags(Tags.Records)
            .WithSummary("Remove a record sent by mistake; the next assessment no longer counts it")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keyed.MapPost(QueuesEndpoints.ReplayRoute, QueuesEndpoints.ReplayAsync).WithName("ReplayPoison").WithTags(Tags.Queues)
            .WithSummary("Send the messages in ingest-poison back to ingest")
            .WithDescription("Each message goes back as its original text, after its cause is fixed: all of them, or those whose error contains " +
                             "`errorContains` (case-insensitive). Answers how many were replayed and how many are left.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keyed.MapPost(AssessmentsEndpoints.Route, AssessmentsEndpoints.RunAsync).WithName("RunAssessment").WithTags(Tags.Assessments)
            .WithSummary("Assess a month (yyyy-MM), a quarter (yyyy-Qn) or a year (yyyy) now and publish its reports")
            .WithDescription("Answers the result, or `202` with `Location: /api/assessments/{period}?runId=…` when the run takes longer than " +
                             "`Assessment:SyncTimeoutSeconds`; that URL shows the run's progress until it is done.")
            .Produces<Pipeline.Assessment.AssessmentResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        keyed.MapGet(AssessmentsEndpoints.Route, AssessmentsEndpoints.GetAsync).WithName("GetAssessment").WithTags(Tags.Assessments)
            .WithSummary("The latest published result of a period, or one run's (with its progress while it runs)")
            .Produces<Pipeline.Assessment.AssessmentResult>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        keyed.MapGet(ReportsEndpoints.ListRoute, ReportsEndpoints.ListAsync).WithName("ListReports").WithTags(Tags.Reports)
            .WithSummary("The published report files, newest first").WithMetadata(ReportReader.Instance)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        keyed.MapGet(ReportsEndpoints.DownloadRoute, ReportsEndpoints.DownloadAsync).WithName("DownloadReport").WithTags(Tags.Reports)
            .WithSummary("Download one report file").WithMetadata(ReportReader.Instance)
            .Produces(StatusCodes.Status200OK, null, "text/html", "application/json", "text/csv",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        keyed.MapGet(ReportsEndpoints.PortalRoute, ReportsEndpoints.PortalAsync).WithName("Portal").WithTags(Tags.Reports)
            .WithSummary("The reports portal: every period, headline KPIs, alerts and download links").WithMetadata(ReportReader.Instance)
            .Produces(StatusCodes.Status200OK, null, "text/html")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        keyed.MapGet(ReportsEndpoints.ScopePageRoute, ReportsEndpoints.ScopePageAsync).WithName("PortalScope").WithTags(Tags.Reports)
            .WithSummary("One department's or employee's page of a period: KPIs, how the score was made, grade, coefficient, fine, 12-period trend, alerts with their records")
            .WithMetadata(ReportReader.Instance)
            .Produces(StatusCodes.Status200OK, null, "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The tags that group the routes in the API description.</summary>
    public static class Tags
    {
        /// <summary>Liveness.</summary>
        public const string Health = "Health";

        /// <summary>Ingestion.</summary>
        public const string Records = "Records";

        /// <summary>Queue operations.</summary>
        public const string Queues = "Queues";

        /// <summary>Assessments.</summary>
        public const string Assessments = "Assessments";

        /// <summary>Reports and the portal.</summary>
        public const string Reports = "Reports";
    }

    /// <summary>Endpoint metadata: the route needs no key.</summary>
    public sealed class Anonymous
    {
        /// <summary>The one instance.</summary>
        public static Anonymous Instance { get; } = new();
    }

    /// <summary>Endpoint metadata: the body is records of the route's <c>{kind}</c> (the description lists a schema per kind).</summary>
    public sealed class RecordsBody
    {
        /// <summary>The one instance.</summary>
        public static RecordsBody Instance { get; } = new();
    }

    /// <summary>Endpoint metadata: under the Functions host the route needs a signed-in reader (CONTRACT §8), standalone the key.</summary>
    public sealed class ReportReader
    {
        /// <summary>The one instance.</summary>
        public static ReportReader Instance { get; } = new();
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

            if (!KeyMatches(sent, key))
            {
                return Problems.Of(StatusCodes.Status401Unauthorized, "A valid key is required in the x-functions-key header.");
            }
        }

        return await next(context).ConfigureAwait(false);
    }

    // Constant time whatever the lengths: both sides are hashed to 32 bytes first, so neither the length of the key nor
    // the position of the first wrong character shows in the time taken. The key is never logged.
    private static bool KeyMatches(string sent, string key) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sent)),
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
}
