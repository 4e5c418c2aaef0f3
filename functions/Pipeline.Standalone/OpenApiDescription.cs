using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Pipeline.Api;

namespace Pipeline.Standalone;

/// <summary>
/// Shapes the OpenAPI description that Microsoft.AspNetCore.OpenApi generates from the mapped routes (so a route appears
/// as soon as it is mapped) into one client generators can use: the server, the function-key and Entra security
/// schemes, tag descriptions, and for <c>POST /api/records/{kind}</c> the kinds and a request schema per kind
/// generated from its field specs (<see cref="RecordKindSchemas"/>). The result is checked in and served by both hostings.
/// </summary>
public static class OpenApiDescription
{
    /// <summary>The security scheme of the function key in the <c>x-functions-key</c> header.</summary>
    public const string FunctionKey = "functionKey";

    /// <summary>The same key as the <c>code</c> query parameter.</summary>
    public const string FunctionKeyQuery = "functionKeyQuery";

    /// <summary>An Entra ID bearer token through App Service Authentication (report routes under the Functions host).</summary>
    public const string Entra = "entra";

    /// <summary>Adds the transformers to the OpenAPI options.</summary>
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        // KPI values are polymorphic without a type discriminator (the JSON carries none): a "$type" discriminator
        // would make generated clients wait for a property that never comes.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (schema.Discriminator?.PropertyName == "$type" &&
                context.JsonTypeInfo.PolymorphismOptions?.DerivedTypes.All(d => d.TypeDiscriminator is null) == true)
            {
                schema.Discriminator = null;
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            // A route mapped without .WithSummary still gets one, from its name ("GetRecord" → "Get record"), so a newly
            // mapped route is described and lint-clean by itself; PipelineApi gives the real ones.
            operation.Summary ??= Sentence(operation.OperationId);
            operation.Security = metadata.OfType<PipelineApi.Anonymous>().Any()
                ? []
                : metadata.OfType<PipelineApi.ReportReader>().Any()
                    ? [Requirement(FunctionKey, context.Document!), Requirement(FunctionKeyQuery, context.Document!), Requirement(Entra, context.Document!)]
                    : [Requirement(FunctionKey, context.Document!), Requirement(FunctionKeyQuery, context.Document!)];
            if (metadata.OfType<PipelineApi.RecordsBody>().Any())
            {
                RecordKindSchemas.Describe(operation, context.Document!);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>A route name as a sentence: <c>GetRecord</c> → <c>Get record</c>.</summary>
    public static string? Sentence(string? name) => string.IsNullOrEmpty(name)
        ? null
        : string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static void Describe(OpenApiDocument document)
    {
        document.Info.Title = "Marketing and customer-service assessment pipeline";
        document.Info.Version = "1";
        document.Info.Description =
            "Ingests sales, targets, surveys, complaints and the other record kinds, assesses staff, departments and regions every month " +
            "and year, and publishes the reports. Errors are `application/problem+json`. Under Azure Functions the keyed routes take a " +
            "function key (`x-functions-key` or `?code=`); the report routes take an App Service Authentication principal with the role " +
            "`Reports.Read`. Standalone, every route but health takes `Pipeline:ApiKey` when it is set.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary: for the company's own use", Identifier = "LicenseRef-Proprietary" };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The app itself (every route starts with /api)" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [FunctionKey] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "x-functions-key",
                Description = "A function key (Azure Functions) or Pipeline:ApiKey (standalone).",
            },
            [FunctionKeyQuery] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = "code",
                Description = "The same key as a query parameter (links from the portal carry it).",
            },
            [Entra] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                Description = "Under Azure Functions: an Entra ID token for api://{client id}/.default, through App Service Authentication; " +
                              "the caller needs the app role Reports.Read.",
            },
        };
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = PipelineApi.Tags.Health, Description = "Liveness and the storage in use." },
            new() { Name = PipelineApi.Tags.Records, Description = "Ingestion of records, one kind per call." },
            new() { Name = PipelineApi.Tags.Queues, Description = "Recovery of queue messages that could not be ingested." },
            new() { Name = PipelineApi.Tags.Assessments, Description = "Assessments of a month or a year: run, follow, read." },
            new() { Name = PipelineApi.Tags.Reports, Description = "The published reports and the portal." },
        };
        RecordKindSchemas.AddComponents(document);
    }
}
