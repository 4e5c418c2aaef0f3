using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Pipeline.Api;
using Pipeline.Assessment;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Storage;
using Pipeline.Time;

namespace Pipeline.Functions;

/// <summary>Running and reading assessments over HTTP, as Azure Functions; the handlers are the standalone app's.</summary>
public sealed class AssessmentFunctions(
    AssessmentPipeline pipeline, AssessmentStore store, IConfiguration configuration, StorageHealth health)
{
    /// <summary><c>POST /api/assessments/{period}</c>.</summary>
    [Function("RunAssessment")]
    public async Task<IResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = AssessmentsEndpoints.Route)] HttpRequest request,
        string period,
        [DurableClient] Microsoft.DurableTask.Client.DurableTaskClient? durable,
        CancellationToken cancellationToken)
    {
        WorkerOrchestrations.Lend(durable); // a large period fans out on Durable Functions (Assessment:FanOut)
        return await AssessmentsEndpoints.RunAsync(period, request.HttpContext, pipeline, configuration, health, cancellationToken);
    }

    /// <summary><c>GET /api/assessments/{period}</c>.</summary>
    [Function("GetAssessment")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = AssessmentsEndpoints.Route)] HttpRequest request,
        string period,
        CancellationToken cancellationToken) =>
        await AssessmentsEndpoints.GetAsync(period, request.Query["runId"], request.HttpContext, store, pipeline, health, cancellationToken);
}
