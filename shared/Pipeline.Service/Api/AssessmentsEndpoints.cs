using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Pipeline.Assessment;
using Pipeline.Storage;
using Pipeline.Time;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Api;

/// <summary><c>POST</c> and <c>GET /api/assessments/{period}</c> (CONTRACT §4).</summary>
public static class AssessmentsEndpoints
{
    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "assessments/{period}";

    /// <summary>The run status answered while a run goes on, with its progress (stage, records read per kind) when known.</summary>
    public sealed record Accepted(string Period, string RunId, string Status)
    {
        /// <summary>How far the run has got; null before it reported any.</summary>
        public AssessmentProgress.RunProgress? Progress { get; init; }
    }

    /// <summary>
    /// Runs the assessment now; answers with the result, or 202 when it takes longer than the sync timeout. A period that
    /// has not started (in the company time zone) is refused with 400; one still running is assessed provisionally.
    /// </summary>
    public static async Task<Results<ContentHttpResult, Accepted<Accepted>, ProblemHttpResult>> RunAsync(
        string period, HttpContext context, AssessmentPipeline pipeline, IConfiguration configuration, StorageHealth health,
        CancellationToken cancellationToken = default)
    {
        if (!Period.TryParse(period, out var parsed))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, $"'{period}' is not a period: use yyyy-MM for a month, yyyy-Qn for a quarter or yyyy for a year.");
        }

        if (!health.IsReachable)
        {
            return Problems.Unavailable(context, health,
                $"Storage has been unreachable since {health.Since:O} ({health.Error}); no run was started. Try again after {Problems.RetryAfterSeconds} s.");
        }

        var timeout = TimeSpan.FromSeconds(configuration.GetValue("Assessment:SyncTimeoutSeconds", 200.0));
        string runId;
        Task<string> run;
        try
        {
            (runId, run) = pipeline.Start(parsed);
        }
        catch (PeriodNotStartedException notStarted)
        {
            return Problems.Of(StatusCodes.Status400BadRequest,
                $"{notStarted.Message} Nothing was assessed: a period can be assessed once it has started, provisionally (to date) until it ends and finally after.");
        }

        var finished = await Task.WhenAny(run, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        if (finished != run)
        {
            return TypedResults.Accepted($"/api/assessments/{parsed}?runId={runId}",
                new Accepted(parsed.ToString(), runId, "running") { Progress = pipeline.Progress(runId) });
        }

        try
        {
            return TypedResults.Text(await run.ConfigureAwait(false), "application/json");
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Unavailable(context, health,
                $"Storage failed during the assessment ({StorageFailure.Describe(ex)}); nothing new was published. Try again after {Problems.RetryAfterSeconds} s.", ex);
        }
    }

    /// <summary>The latest published result of the period (404 if never run), or one run's with <c>?runId=</c>.</summary>
    public static async Task<Results<ContentHttpResult, Accepted<Accepted>, ProblemHttpResult>> GetAsync(
        string period, string? runId, HttpContext context, AssessmentStore store, AssessmentPipeline pipeline, StorageHealth health, CancellationToken cancellationToken = default)
    {
        if (!Period.TryParse(period, out var parsed))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, $"'{period}' is not a period: use yyyy-MM for a month, yyyy-Qn for a quarter or yyyy for a year.");
        }

        try
        {
            return await ReadAsync(parsed, runId, store, pipeline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Unavailable(context, health,
                $"Storage failed reading the assessment ({StorageFailure.Describe(ex)}). Try again after {Problems.RetryAfterSeconds} s.", ex);
        }
    }

    private static async Task<Results<ContentHttpResult, Accepted<Accepted>, ProblemHttpResult>> ReadAsync(
        Period parsed, string? runId, AssessmentStore store, AssessmentPipeline pipeline, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(runId))
        {
            return await store.LatestJsonAsync(parsed, cancellationToken).ConfigureAwait(false) is { } latest
                ? TypedResults.Text(latest, "application/json")
                : Problems.Of(StatusCodes.Status404NotFound, $"{parsed} has not been assessed yet: POST /api/assessments/{parsed} runs it.");
        }

        var status = await store.StatusAsync(parsed, runId, cancellationToken).ConfigureAwait(false);
        if (pipeline.IsRunning(runId) || status?.Status == RunStatus.Running)
        {
            var progress = pipeline.Progress(runId) ?? await store.ProgressAsync(parsed, runId, cancellationToken).ConfigureAwait(false);
            return TypedResults.Accepted($"/api/assessments/{parsed}?runId={runId}",
                new Accepted(parsed.ToString(), runId, "running") { Progress = progress });
        }

        if (status?.Status == RunStatus.Failed)
        {
            return Problems.Of(StatusCodes.Status500InternalServerError, $"Run {runId} of {parsed} failed: {status.Error}");
        }

        return await store.RunJsonAsync(parsed, runId, cancellationToken).ConfigureAwait(false) is { } json
            ? TypedResults.Text(json, "application/json")
            : Problems.Of(StatusCodes.Status404NotFound, $"There is no run {runId} of {parsed}.");
    }
}
