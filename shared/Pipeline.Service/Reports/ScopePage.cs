using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>
/// The portal's page for one scope and period (<c>/api/portal/{period}/{scope}/{id}</c>): what an employee or a manager opens
/// to see why — the KPIs, how the score was made line by line, grade, bonus coefficient, fine and deductions, the trend
/// over the last twelve periods of its kind, and its alerts with the records behind them through the records API.
/// Read from the published result and the stored history: it shows what was published, never a recomputation.
/// </summary>
public static class ScopePage
{
    /// <summary>One period of a scope's stored history.</summary>
    /// <param name="Period">The period.</param>
    /// <param name="Kpis">Its KPI values as published.</param>
    /// <param name="Score">Its score, if scored.</param>
    public sealed record HistoryRow(string Period, JsonObject Kpis, double? Score);

    /// <summary>
    /// The page, or null when <paramref name="result"/> has no such scope. Links are relative to
    /// <c>/api/portal/{period}/{scope}/{id}</c>, so they work under any host that serves the API under <c>/api</c>.
    /// </summary>
    /// <param name="result">The period's latest published result (<c>assessment.json</c>).</param>
    /// <param name="scope">company, department, region or employee.</param>
    /// <param name="id">The scope's id.</param>
    /// <param name="history">The scope's stored results over the twelve periods up to this one, oldest first.</param>
    /// <param name="text">The page's language.</param>
    /// <param name="code">A key the portal was opened with (standalone <c>Pipeline:ApiKey</c>), carried into its links.</param>
    /// <param name="grades">The grade thresholds in force (<c>Scorecard</c> settings), stated beside the score's rule.</param>
    public static string? Render(
        JsonObject result, string scope, string id, IReadOnlyList<HistoryRow> history, ReportText text, string? code, ScorecardSettings grades)
    {
        var scopes = result["scopes"]!.AsArray().Select(s => s!.AsObject()).ToList();
        var self = scopes.FirstOrDefault(s => (string?)s["scope"] == scope && (string?)s["id"] == id);
        if (self is null)
        {
            return null;
        }

        string E(string? value) => HtmlPage.E(value);
        var key = string.IsNullOrEmpty(code) ? "" : $"code={Uri.EscapeDataString(code)}";
        string WithKey(string href, bool more = false) => key.Length == 0 ? href : href + (more ? "&" : "?") + key;
        const string Api = "../../../"; // from /api/portal/{period}/{scope}/{id} up to /api/
        string ScopeHref(string kind, string scopeId) => WithKey($"../{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(scopeId)}");

        var period = (string)result["period"]!;
        var name = (string?)self["name"] ?? id;
        var kpis = self["kpis"]!.AsObject();
        var provisional = (bool?)result["provisional"] == true;
        var page = new HtmlPage(text);
        var title = scope == "company" ? text["company"] : $"{text[scope]} · {name}";
        var other = text.IsEnglish ? "zh-CN" : "en";
        page.Raw($"<!DOCTYPE html><html lang=\"{text.Lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Raw($"<title>{E(title)} · {E(period)}</title><style>{HtmlPage.Style}</style></head><body>")
            .Raw($"<header><h1>{E(title)}</h1><p class=\"meta\"><span>{E(text["period"])}: <b>{E(period)}</b> ({E(text[(string)result["kind"]!])})</span>")
            .Raw($"<span>{E(text["id"])}: {E(id)}</span><span>{E(text["runId"])}: {E((string?)result["runId"])}</span>")
            .Raw($"<span><a href=\"{E(WithKey($"?culture={other}", more: true))}\" hreflang=\"{other}\">{E(text["otherLanguage"])}</a></span>")
            .Raw($"<span><a href=\"{E(WithKey($"{Api}portal?culture={text.Lang}", more: true))}\">{E(text["portalTitle"])}</a></span>")
            .Raw($"<span><a href=\"{E(ScopeHref("company", "company"))}\">{E(text["company"])}</a></span></p></header>");
        if (provisional)
        {
            page.Raw($"<p class=\"alert\">{E(text["provisionalNote"])}</p>");
        }

        Summary(page, self, kpis, text);
        Explanation(page, self, text, grades);
        Trend(page, scope, self, history, text);
        Alerts(page, result, scope, id, text, Api, WithKey);
        Members(page, scope, id, scopes, text, ScopeHref);
        Kpis(page, kpis, text);
        return page.End();
    }

    private static void Summary(HtmlPage page, JsonObject self, JsonObject kpis, ReportText text)
    {
        string E(string? value) => HtmlPage.E(value);
        var cards = new List<(string Label, string Value)>
        {
            (text["score"], text.Number((double?)self["score"])),
            (text["grade"], (string?)self["grade"] ?? "—"),
            (text["rank"], self["rank"] is { } rank ? ((int)rank).ToString(text.Culture) : "—"),
        };
        if (self.ContainsKey("bonusCoefficient"))
        {
            cards.Add((text["bonusCoefficient"], text.Number((double?)self["bonusCoefficient"], 2)));
        }

        cards.Add((text["fine"], text.Money((decimal)kpis[ComplaintFaultsFamily.Fines]!["value"]!)));
        cards.Add((text[GuaranteeDeductionsFamily.GuaranteeDeductions], text.Money((decimal)kpis[GuaranteeDeductionsFamily.GuaranteeDeductions]!["value"]!)));
        page.Raw("<div class=\"cards\">");
        foreach (var (label, value) in cards)
        {
            page.Raw($"<div class=\"card\"><div class=\"k\">{E(label)}</div><div class=\"v\">{E(value)}</div></div>");
        }

        page.Raw("</div>");
    }

    // How the score was made: each scorecard line's value, goal, points and applied weight, and what it added.
    private static void Explanation(HtmlPage page, JsonObject self, ReportText text, ScorecardSettings grades)
    {
        page.Heading("score", text["scoreMade"]);
        if (self["scorecard"]?.AsArray() is not { Count: > 0 } lines)
        {
            page.Paragraph(text["noScorecard"]);
            return;
        }

        double? Number(JsonNode? node) => node is null ? null : (double)node;
        var rows = lines.Select(l => l!.AsObject()).Select(line =>
        {
            var kpi = (string)line["kpi"]!;
            var points = Number(line["points"]);
            var applied = (double)line["appliedWeight"]!;
            return (IReadOnlyList<string>)
            [
                HtmlPage.E(text[kpi]) + ((string?)line["direction"] == "lower" ? " ↓" : ""),
                HtmlPage.E(Number(line["value"]) is { } value ? text.Kpi(kpi, value) : "—"),
                HtmlPage.E(text.Kpi(kpi, (double)line["goal"]!)), text.Number((double)line["weight"]!, 2), text.Number(points),
                text.Percent(applied), points is { } p ? text.Number(p * applied, 2) : HtmlPage.E(text["droppedOut"]),
            ];
        }).ToList();
        rows.Add([$"<b>{HtmlPage.E(text["score"])}</b>", "", "", "", "", "", $"<b>{text.Number((double?)self["score"], 2)}</b>"]);
        page.Table([text["kpi"], text["value"], text["goal"], text["weight"], text["points"], text["appliedWeight"], text["contribution"]], rows,
            new HashSet<int> { 1, 2, 3, 4, 5, 6 });
        page.Paragraph(string.Format(text.Culture, text["scoreRule"], text.Number(grades.GradeA, 0), text.Number(grades.GradeB, 0), text.Number(grades.GradeC, 0)), "meta");
    }

    private static void Trend(HtmlPage page, string scope, JsonObject self, IReadOnlyList<HistoryRow> history, ReportText text)
    {
        page.Heading("trend", text["trend12"]);
        var lines = self["scorecard"]?.AsArray().Select(l => (string)l!["kpi"]!).ToList() ?? [];
        var trended = lines.Count > 0 ? lines : scope == "company" ? [SalesFamily.SalesCompletionRate, ComplaintsFamily.ComplaintResolutionRate, SurveysFamily.SatisfactionIndex] : [];
        page.Raw("<div class=\"charts\">");
        if (history.Any(h => h.Score is not null))
        {
            page.Raw(SvgCharts.Line(text["score"], history.Select(h => (h.Period, h.Score)).ToList(), v => v.ToString("0.#", text.Culture)));
        }

        foreach (var kpi in trended.Take(4))
        {
            var points = history.Select(h => (h.Period, h.Kpis[kpi]?["value"] is JsonValue v && v.TryGetValue<double>(out var number) ? number : (double?)null)).ToList();
            if (points.Any(p => p.Item2 is not null)) // a KPI with no value in any period gets no empty chart; the table shows its dashes
            {
                page.Raw(SvgCharts.Line(text[kpi], points, v => text.Kpi(kpi, v)));
            }
        }

        page.Raw("</div>");
        page.Table([text["period"], text["score"], .. trended.Select(k => text[k])],
            history.Select(h => (IReadOnlyList<string>)
            [
                HtmlPage.E(h.Period), text.Number(h.Score),
                .. trended.Select(k => HtmlPage.E(h.Kpis[k]?["value"] is JsonValue v && v.TryGetValue<double>(out var number) ? text.Kpi(k, number) : "—")),
            ]),
            new HashSet<int>(Enumerable.Range(1, trended.Count + 1)));
    }

    private static void Alerts(HtmlPage page, JsonObject result, string scope, string id, ReportText text, string api, Func<string, bool, string> withKey)
    {
        page.Heading("alerts", text["alerts"]);
        var alerts = result["alerts"]!.AsArray().Select(a => a!.AsObject())
            .Where(a => (string?)a["scope"] == scope && (string?)a["id"] == id).ToList();
        page.Table([text["kpi"], text["value"], text["threshold"], text["records"]], alerts.Select(alert =>
        {
            var kpi = (string)alert["kpi"]!;
            var kind = KpiCatalog.Find(kpi) is null ? null : KpiCatalog.AlertRecordsKind(kpi);
            var records = alert["records"]!.AsArray().Select(r => (string)r!).ToList();
            var links = records.Take(200).Select(record => kind is null
                ? HtmlPage.E(record)
                : $"<a href=\"{HtmlPage.E(withKey($"{api}records/{Uri.EscapeDataString(kind)}/{Uri.EscapeDataString(record)}", false))}\">{HtmlPage.E(record)}</a>");
            // The whole list is in the run's records.csv (results published before it existed have none to point at).
            var file = result["reports"]?.AsArray().Select(r => (string?)r).FirstOrDefault(r => r?.EndsWith($"/{RecordLists.FileName}", StringComparison.Ordinal) == true);
            var more = records.Count <= 200 ? ""
                : file is null ? $" … (+{records.Count - 200})"
                : $"<br><span class=\"more\">{page.More(200, records.Count, RecordLists.Alert, withKey($"{api}reports/{file}", false))}</span>";
            return (IReadOnlyList<string>)
            [
                $"<span class=\"alert\">{HtmlPage.E(text[kpi])}</span>", HtmlPage.E(text.Kpi(kpi, (double)alert["value"]!)),
                $"{HtmlPage.E(text[(string)alert["direction"]!])} {HtmlPage.E(text.Kpi(kpi, (double)alert["threshold"]!))}",
                $"<span class=\"ids\">{string.Join(", ", links)}{more}</span>",
            ];
        }), new HashSet<int> { 1 });
    }

    // A department's page lists its employees; the company's lists the departments and every employee: each links to its page.
    private static void Members(HtmlPage page, string scope, string id, IReadOnlyList<JsonObject> scopes, ReportText text, Func<string, string, string> href)
    {
        if (scope is not ("company" or "department"))
        {
            return;
        }

        var members = scopes
            .Where(s => scope == "company" ? (string?)s["scope"] is "department" or "employee" : (string?)s["scope"] == "employee" && (string?)s["department"] == id)
            .OrderBy(s => (string?)s["scope"] == "department" ? 0 : 1)
            .ThenBy(s => (string?)s["department"], StringComparer.Ordinal)
            .ThenBy(s => (int?)s["rank"] ?? int.MaxValue)
            .ThenBy(s => (string?)s["id"], StringComparer.Ordinal)
            .ToList();
        page.Heading("members", scope == "company" ? text["scorecards"] : text["employee"]);
        page.Table([text["scope"], text["id"], text["name"], text["department"], text["score"], text["grade"], text["rank"], text["bonusCoefficient"]],
            members.Select(m => (IReadOnlyList<string>)
            [
                HtmlPage.E(text[(string)m["scope"]!]),
                $"<a href=\"{HtmlPage.E(href((string)m["scope"]!, (string)m["id"]!))}\">{HtmlPage.E((string)m["id"]!)}</a>",
                HtmlPage.E((string?)m["name"]), HtmlPage.E((string?)m["department"] ?? ((string?)m["scope"] == "department" ? (string)m["id"]! : "—")),
                text.Number((double?)m["score"]), HtmlPage.E((string?)m["grade"] ?? "—"),
                m["rank"] is { } rank ? ((int)rank).ToString(text.Culture) : "—", text.Number((double?)m["bonusCoefficient"], 2),
            ]),
            new HashSet<int> { 4, 6, 7 });
    }

    private static void Kpis(HtmlPage page, JsonObject kpis, ReportText text)
    {
        page.Heading("kpis", text["kpiTables"]);
        string Amount(JsonNode? node, KpiFormat format) => node is null ? "" : format switch
        {
            KpiFormat.Money or KpiFormat.Percent => text.Money((decimal)node),
            _ => ((decimal)node).ToString("N0", text.Culture),
        };

        page.Table([text["kpi"], text["value"], text["numerator"], text["denominator"], text["interval"], text["n"], text["change"]],
            KpiCatalog.Kpis.Where(k => kpis.ContainsKey(k.Name)).Select(definition =>
            {
                var value = kpis[definition.Name]!.AsObject();
                var number = value["value"] is JsonValue v && v.TryGetValue<double>(out var x) ? x : (double?)null;
                var shown = definition.Format == KpiFormat.Dimensions
                    ? string.Join(" · ", new[] { "productQuality", "serviceQuality", "price", "credit" }.Select(d =>
                        $"{text[d]} {text.Number(value[d]?["value"] is JsonValue dv && dv.TryGetValue<double>(out var dn) ? dn : null, 2)}"))
                    : definition.Format == KpiFormat.Money && number is not null ? text.Money((decimal)value["value"]!) : text.Kpi(definition.Name, number);
                var interval = value["ciLow"] is JsonValue low && low.TryGetValue<double>(out var lo) && value["ciHigh"] is JsonValue high && high.TryGetValue<double>(out var hi)
                    ? $"{text.Kpi(definition.Name, lo)} – {text.Kpi(definition.Name, hi)}"
                    : "";
                var n = value["n"] ?? value["count"];
                var change = value["change"] is JsonObject c && (bool?)c["significant"] == true && c["delta"] is JsonValue d && d.TryGetValue<double>(out var delta)
                    ? $"<span class=\"{(delta > 0 ? "up" : "down")}\">{(delta > 0 ? "▲" : "▼")} {HtmlPage.E(text["significant"])}</span>"
                    : "";
                return (IReadOnlyList<string>)
                [
                    HtmlPage.E(text[definition.Name]), HtmlPage.E(shown), HtmlPage.E(Amount(value["numerator"], definition.Format)),
                    HtmlPage.E(Amount(value["denominator"], definition.Format)), HtmlPage.E(interval),
                    n is null ? "" : ((long)n).ToString("N0", text.Culture), change,
                ];
            }),
            new HashSet<int> { 1, 2, 3, 5 });
    }
}
