using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Assessment;
using Pipeline.Reports;
using Pipeline.Settings;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Api;

/// <summary><c>GET /api/reports</c>, <c>GET /api/reports/{*path}</c> and <c>GET /api/portal</c> (CONTRACT §4, §6, §8).</summary>
public static partial class ReportsEndpoints
{
    /// <summary>The list route below <c>/api</c>.</summary>
    public const string ListRoute = "reports";

    /// <summary>The download route below <c>/api</c>.</summary>
    public const string DownloadRoute = "reports/{*path}";

    /// <summary>The portal route below <c>/api</c>.</summary>
    public const string PortalRoute = "portal";

    /// <summary>The route below <c>/api</c> of one scope's page in the portal.</summary>
    public const string ScopePageRoute = "portal/{period}/{scope}/{id}";

    /// <summary>One published report file; <c>Provisional</c> when its period had not ended (figures to date).</summary>
    public sealed record ReportItem(string Path, string Period, string Kind, string RunId, DateTimeOffset GeneratedAt, string ContentType, string Url, bool Provisional);

    // Segments of letters, digits, '.', '_' and '-' separated by single '/': no "..", no absolute paths, no backslashes.
    [GeneratedRegex(@"^(?!.*(^|/)\.\.?(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex SafePath();

    /// <summary>The latest reports of every period (or of <paramref name="period"/>), newest first.</summary>
    public static async Task<Ok<IReadOnlyList<ReportItem>>> ListAsync(string? period, AssessmentStore store, CancellationToken cancellationToken = default)
    {
        var index = await ReportIndex.ReadAsync(store.Reports, cancellationToken).ConfigureAwait(false);
        var items = new List<ReportItem>();
        foreach (var entry in index["periods"]!.AsArray().Select(p => p!.AsObject())
                     .Where(p => string.IsNullOrEmpty(period) || (string?)p["period"] == period)
                     .OrderByDescending(p => (DateTimeOffset)p["generatedAt"]!))
        {
            foreach (var path in entry["reports"]!.AsArray().Select(r => (string)r!))
            {
                items.Add(new ReportItem(path, (string)entry["period"]!, (string)entry["kind"]!, (string)entry["runId"]!,
                    (DateTimeOffset)entry["generatedAt"]!, ReportFiles.ContentType(path), $"/api/reports/{path}", ReportIndex.IsProvisional(entry)));
            }
        }

        return TypedResults.Ok<IReadOnlyList<ReportItem>>(items);
    }

    /// <summary>
    /// Downloads one report. Only paths inside the <c>reports</c> container are served; a refused or missing path is 404.
    /// <c>?culture=en</c> on <c>{name}.html</c> serves <c>{name}.en.html</c> (and <c>?culture=zh-CN</c> the Chinese one when English is the default).
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string path, string? culture, AssessmentStore store, IOptions<ReportOptions> options, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(path) || !SafePath().IsMatch(path))
        {
            return NotFound(path);
        }

        var defaultText = ReportText.For(options.Value.Culture);
        if (!string.IsNullOrEmpty(culture) && path.EndsWith(".html", StringComparison.Ordinal) &&
            ReportText.For(culture).IsEnglish != defaultText.IsEnglish)
        {
            var suffix = ReportFiles.SecondLanguageSuffix(options.Value.Culture);
            if (!path.EndsWith(suffix, StringComparison.Ordinal))
            {
                path = path[..^".html".Length] + suffix;
            }
        }

        try
        {
            var download = await store.Reports.GetBlobClient(path).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var name = path[(path.LastIndexOf('/') + 1)..];
            var inline = name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal);
            return TypedResults.Stream(download.Value.Content, ReportFiles.ContentType(path), inline ? null : name);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return NotFound(path);
        }
    }

    /// <summary>The portal: periods, latest run, headline KPIs, alerts and download links in both languages.</summary>
    public static async Task<ContentHttpResult> PortalAsync(
        string? culture, string? code, AssessmentStore store, IOptions<ReportOptions> options, CancellationToken cancellationToken = default)
    {
        var text = ReportText.For(string.IsNullOrEmpty(culture) ? options.Value.Culture : culture);
        var index = await ReportIndex.ReadAsync(store.Reports, cancellationToken).ConfigureAwait(false);
        return TypedResults.Content(Portal.Render(index, text, options.Value.Culture, code), "text/html; charset=utf-8");
    }

    /// <summary>
    /// One department's, employee's, region's or the company's page for a period: its KPIs, how its score was made, grade,
    /// coefficient, fine and deductions, its last twelve periods, and its alerts with their records (CONTRACT §6, issue
    /// "scores that explain themselves"). 404 when the period was never assessed or has no such scope.
    /// </summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ScopePageAsync(
        string period, string scope, string id, string? culture, string? code, AssessmentStore store, IOptions<ReportOptions> options,
        AssessmentSettings settings, CancellationToken cancellationToken = default)
    {
        if (!Time.Period.TryParse(period, out var parsed))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, $"'{period}' is not a period: use a month yyyy-MM, a quarter yyyy-Qn or a year yyyy.");
        }

        if (scope is not ("company" or "department" or "region" or "employee"))
        {
            return Problems.Of(StatusCodes.Status400BadRequest, $"'{scope}' is not a scope: use company, department, region or employee.");
        }

        var json = await store.LatestJsonAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (json is null)
        {
            return Problems.Of(StatusCodes.Status404NotFound, $"{parsed} has not been assessed yet: POST /api/assessments/{parsed} runs it.");
        }

        var from = parsed;
        for (var i = 0; i < 11; i++)
        {
            from = from.Previous;
        }

        var history = await store.HistoryAsync(scope, id, from, parsed, cancellationToken).ConfigureAwait(false);
        var text = ReportText.For(string.IsNullOrEmpty(culture) ? options.Value.Culture : culture);
        var html = ScopePage.Render(JsonNode.Parse(json)!.AsObject(), scope, id,
            history.Select(h => new ScopePage.HistoryRow(h.Period, JsonNode.Parse(h.Kpis)!.AsObject(), h.Score)).ToList(), text, code, settings.Scorecard);
        return html is null
            ? Problems.Of(StatusCodes.Status404NotFound, $"The assessment of {parsed} has no {scope} '{id}'.")
            : TypedResults.Content(html, "text/html; charset=utf-8");
    }

    private static ProblemHttpResult NotFound(string path) =>
        Problems.Of(StatusCodes.Status404NotFound, $"There is no report '{path}'. GET /api/reports lists the published ones.");
}
