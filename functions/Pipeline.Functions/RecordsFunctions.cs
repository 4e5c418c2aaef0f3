using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Pipeline.Api;
using Pipeline.Ingestion;
using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Functions;

/// <summary>Ingestion, read-back and deletion of records as Azure Functions; the handlers are the standalone app's.</summary>
public sealed class RecordsFunctions(IngestionService ingestion, IOptions<IngestOptions> options, StorageHealth health, StoredRecords records)
{
    /// <summary><c>POST /api/records/{kind}</c>.</summary>
    [Function("IngestRecords")]
    public async Task<IResult> IngestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RecordsEndpoints.Route)] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        await RecordsEndpoints.IngestAsync(kind, request, ingestion, options, health, cancellationToken);

    /// <summary><c>GET /api/records/{kind}/{id}</c>.</summary>
    [Function("GetRecord")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RecordsEndpoints.RecordRoute)] HttpRequest request,
        string kind,
        string id,
        CancellationToken cancellationToken) =>
        await RecordsEndpoints.GetAsync(kind, id, request, records, health, cancellationToken);

    /// <summary><c>GET /api/records/{kind}?period=</c>.</summary>
    [Function("ListRecords")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RecordsEndpoints.Route)] HttpRequest request,
        string kind,
        CancellationToken cancellationToken) =>
        await RecordsEndpoints.ListAsync(kind, request, records, health, cancellationToken);

    /// <summary><c>DELETE /api/records/{kind}/{id}</c>.</summary>
    [Function("DeleteRecord")]
    public async Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = RecordsEndpoints.RecordRoute)] HttpRequest request,
        string kind,
        string id,
        CancellationToken cancellationToken) =>
        await RecordsEndpoints.DeleteAsync(kind, id, request, records, health, cancellationToken);
}
