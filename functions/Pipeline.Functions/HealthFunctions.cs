using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Pipeline.Api;
using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Functions;

/// <summary>Liveness, as an anonymous Azure Function.</summary>
public sealed class HealthFunctions(StorageAccount account, HostingInfo hosting, IOptions<PipelineOptions> options, StorageHealth health)
{
    /// <summary><c>GET /api/health</c>.</summary>
    [Function("Health")]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HealthEndpoints.Route)] HttpRequest request) =>
        HealthEndpoints.Get(account, hosting, options, health);
}
