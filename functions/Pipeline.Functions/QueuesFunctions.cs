using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Api;
using Pipeline.Ingestion;

namespace Pipeline.Functions;

/// <summary>Poison replay as an Azure Function (key-protected); the handler is the standalone app's.</summary>
public sealed class QueuesFunctions(PoisonReplay replay)
{
    /// <summary><c>POST /api/queues/ingest-poison/replay</c>.</summary>
    [Function("ReplayPoison")]
    public async Task<IResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = QueuesEndpoints.ReplayRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        await QueuesEndpoints.ReplayAsync(request.Query["errorContains"], replay, cancellationToken);
}
