using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>The page managers open: every period, its latest run, headline KPIs, alerts and download links (both languages).</summary>
public static class Portal
{
    /// <summary>Renders the portal from <c>index.json</c>.</summary>
    /// <param name="index">The report index.</param>
    /// <param name="text">The portal's language.</param>
    /// <param name="defaultCulture"><c>Reports:Culture</c>: which file holds which language.</param>
    /// <param name="code">A key the portal was opened with (standalone <c>Pipeline:ApiKey</c>), carried into its links.</param>
    public static string Render(JsonObject index, ReportText text, string defaultCulture, string? code)
    {
        string E(string? value) => WebUtility.HtmlEncode(value ?? "");
        var key = string.IsNullOrEmpty(code) ? "" : $"code={Uri.EscapeDataString(code)}";
        string Link(string path) => $"reports/{path}" + (key.Length > 0 ? $"?{key}" : "");
        var otherCulture = text.IsEnglish ? "zh-CN" : "en";
        var suffix = ReportFiles.SecondLanguageSuffix(defaultCulture);
        var defaultIsThisLanguage = ReportText.For(defaultCulture).IsEnglish == text.IsEnglish;

        var html = new StringBuilder();
        html.Append($"<!DOCTYPE html><html lang=\"{text.Lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append($"<title>{E(text["portalTitle"])}</title><style>")
            .Append("body{font-family:\"Noto Sans CJK SC\",\"Noto Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",\"Segoe UI\",Arial,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1f2328}")
            .Append("section{border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin:16px 0}h2{margin:.2rem 0}.meta{color:#59636e;font-size:.9rem}")
            .Append("table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}td.n{text-align:right}")
            .Append(".alerts{color:#cf222e;font-weight:600}ul.files{columns:2}a{color:#0969da}")
            .Append("</style></head><body>")
            .Append($"<h1>{E(text["portalTitle"])}</h1><p><a href=\"portal?culture={otherCulture}{(key.Length > 0 ? "&" + key : "")}\">{E(text["otherLanguage"])}</a></p>");

        var periods = index["periods"]!.AsArray().Select(p => p!.AsObject()).ToList();
        if (periods.Count == 0)
        {
            html.Append($"<p>{E(text["noReports"])}</p>");
        }

        foreach (var entry in periods)
        {
            var period = (string)entry["period"]!;
            html.Append($"<section id=\"p-{E(period)}\"><h2>{E(period)} · {E(text[(string)entry["kind"]!])}</h2>")
                .Append($"<p class=\"meta\">{E(text["latestRun"])}: {E((string)entry["runId"]!)} · {E(text["generatedAt"])}: {E(((DateTimeOffset)entry["generatedAt"]!).ToString("yyyy-MM-dd HH:mm 'UTC'zzz", text.Culture))}</p>");
            html.Append($"<table><thead><tr><th>{E(text["headline"])}</th><th>{E(text["value"])}</th></tr></thead><tbody>");
            foreach (var (kpi, value) in entry["headline"]!.AsObject())
            {
                var number = value is null ? (double?)null : (double)value;
                var shown = KpiCatalog.Find(kpi) is null ? text.Number(number) : text.Kpi(kpi, number);
                html.Append($"<tr><td>{E(text[kpi])}</td><td class=\"n\">{E(shown)}</td></tr>");
            }

            var alerts = (int)entry["alerts"]!;
            html.Append($"</tbody></table><p class=\"{(alerts > 0 ? "alerts" : "meta")}\">{E(text["alerts"])}: {alerts}</p>");
            if (entry["alertList"]?.AsArray() is { Count: > 0 } alertList)
            {
                // Each alert's records open through the records API (keyed like ingestion).
                html.Append($"<details><summary>{E(text["alerts"])} · {E(text["records"])}</summary><table><thead><tr><th>{E(text["scope"])}</th>")
                    .Append($"<th>{E(text["kpi"])}</th><th>{E(text["value"])}</th><th>{E(text["records"])}</th></tr></thead><tbody>");
                foreach (var alert in alertList.Select(a => a!.AsObject()))
                {
                    var kpi = (string)alert["kpi"]!;
                    var kind = (string)alert["recordsKind"]!;
                    var links = alert["records"]!.AsArray().Select(r => (string)r!)
                        .Select(id => $"<a href=\"{E($"records/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(id)}" + (key.Length > 0 ? $"?{key}" : ""))}\">{E(id)}</a>");
                    var more = (int)alert["recordCount"]! - alert["records"]!.AsArray().Count;
                    html.Append($"<tr><td>{E(text[(string)alert["scope"]!])} · {E((string)alert["id"]!)}</td><td>{E(text[kpi])}</td>")
                        .Append($"<td class=\"n\">{E(KpiCatalog.Find(kpi) is null ? "" : text.Kpi(kpi, (double)alert["value"]!))}</td>")
                        .Append($"<td>{string.Join(", ", links)}{(more > 0 ? $" … (+{more})" : "")}</td></tr>");
                }

                html.Append("</tbody></table></details>");
            }

            // Every department's and employee's page of the period (how each score was made) starts from the company's.
            html.Append($"<p><a href=\"{E($"portal/{Uri.EscapeDataString(period)}/company/company?culture={text.Lang}" + (key.Length > 0 ? $"&{key}" : ""))}\">{E(text["scopePage"])}</a></p>");
            html.Append($"<h3>{E(text["downloads"])}</h3><ul class=\"files\">");
            foreach (var path in entry["reports"]!.AsArray().Select(r => (string)r!))
            {
                var isOther = path.EndsWith(suffix, StringComparison.Ordinal);
                var language = !path.EndsWith(".html", StringComparison.Ordinal) ? "" : isOther ^ defaultIsThisLanguage ? $" ({text.Lang})" : $" ({otherCulture})";
                html.Append($"<li><a href=\"{E(Link(path))}\">{E(path[(path.LastIndexOf('/') + 1)..])}</a>{E(language)}</li>");
            }

            html.Append("</ul>");
            var runs = entry["runs"]?.AsArray().Select(r => r!.AsObject()).ToList() ?? [];
            if (runs.Count > 1)
            {
                html.Append($"<details><summary>{E(text["runs"])} ({runs.Count})</summary><ul>");
                foreach (var run in runs)
                {
                    var runId = (string)run["runId"]!;
                    html.Append($"<li><a href=\"{E(Link($"runs/{period}/{runId}/assessment.html"))}\">{E(runId)}</a></li>");
                }

                html.Append("</ul></details>");
            }

            html.Append("</section>");
        }

        return html.Append("</body></html>").ToString();
    }
}
