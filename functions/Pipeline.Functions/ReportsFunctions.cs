using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Pipeline.Api;
using Pipeline.Assessment;
using Pipeline.Settings;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Functions;

/// <summary>Reports and the portal: anonymous at the host, signed-in readers with the report role in the app (CONTRACT §8).</summary>
public sealed class ReportsFunctions(AssessmentStore store, IOptions<ReportOptions> options, IConfiguration configuration, AssessmentSettings settings)
{
    /// <summary><c>GET /api/reports</c>.</summary>
    [Function("ListReports")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReportsEndpoints.ListRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        ReportAccess.Check(request, configuration) ?? (IResult)await ReportsEndpoints.ListAsync(request.Query["period"], store, cancellationToken);

    /// <summary><c>GET /api/reports/{*path}</c>.</summary>
    [Function("DownloadReport")]
    public async Task<IResult> DownloadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReportsEndpoints.DownloadRoute)] HttpRequest request,
        string path,
        CancellationToken cancellationToken) =>
        ReportAccess.Check(request, configuration) ?? (IResult)await ReportsEndpoints.DownloadAsync(path, request.Query["culture"], store, options, cancellationToken);

    /// <summary><c>GET /api/portal</c>.</summary>
    [Function("Portal")]
    public async Task<IResult> PortalAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReportsEndpoints.PortalRoute)] HttpRequest request,
        CancellationToken cancellationToken) =>
        ReportAccess.Check(request, configuration) ?? (IResult)await ReportsEndpoints.PortalAsync(request.Query["culture"], null, store, options, cancellationToken);

    /// <summary><c>GET /api/portal/{period}/{scope}/{id}</c>.</summary>
    [Function("PortalScope")]
    public async Task<IResult> ScopePageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ReportsEndpoints.ScopePageRoute)] HttpRequest request,
        string period,
        string scope,
        string id,
        CancellationToken cancellationToken) =>
        ReportAccess.Check(request, configuration) ??
        (IResult)await ReportsEndpoints.ScopePageAsync(period, scope, id, request.Query["culture"], null, store, options, settings, cancellationToken);
}
