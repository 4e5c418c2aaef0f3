using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Pipeline.Api;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI description of the routes, one checked-in document served by both hostings
/// (generated from the standalone app's endpoints and kept current by a test).
/// </summary>
public static class OpenApiEndpoints
{
    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "openapi.json";

    private static readonly Lazy<string> Document = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Pipeline.Api.openapi.json")
                           ?? throw new InvalidOperationException("openapi.json is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The document.</summary>
    public static ContentHttpResult Get() => TypedResults.Text(Document.Value, "application/json");
}
