using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Pipeline.Api;
using Pipeline.Ingestion;
using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Functions;

/// <summary>Ingestion over HTTP, as an Azure Function; the handler is the standalone app's.</summary>
public sealed class RecordsFunctions(IngestionService ingestion, IOptions<IngestOptions> options, StorageHealth health)
{
    /// <summary><c>POST /api/records/{kind}</c>.</summary>
    [Function("IngestRecords")]
    public async Task<IResult> IngestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RecordsEndpoints.Route)] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        await RecordsEndpoints.IngestAsync(kind, request, ingestion, options, health, cancellationToken);
}
