using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Api;

namespace Pipeline.Functions;

/// <summary>The OpenAPI description, as an anonymous Azure Function.</summary>
public sealed class OpenApiFunctions
{
    /// <summary><c>GET /api/openapi.json</c>.</summary>
    [Function("OpenApi")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = OpenApiEndpoints.Route)] HttpRequest request) =>
        OpenApiEndpoints.Get();
}
