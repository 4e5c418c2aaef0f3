using System.Text.Json.Nodes;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>
/// <c>assessment.html</c>: overview, scorecards, rankings, KPI tables with numerators, denominators and
/// intervals, 12-month trend charts from the stored history, and alerts with the records behind them.
/// </summary>
public static class AssessmentHtml
{
    // Record ids an alert's row shows (the whole list is in records.csv).
    private const int IdsListed = 50;

    private static readonly string[] Headline =
    [
        SalesFamily.SalesAmount, SalesFamily.SalesCompletionRate, SurveysFamily.SatisfactionIndex, SurveysFamily.Nps,
        ComplaintsFamily.ComplaintResolutionRate, ComplaintsFamily.ComplaintTimelyResponseRate, ExpensesFamily.ExpenseControlRate, CampaignsFamily.CampaignEffectiveness,
    ];

    private static readonly string[] Trended =
    [
        SalesFamily.SalesAmount, SalesFamily.SalesCompletionRate, SurveysFamily.SatisfactionIndex, ComplaintsFamily.ComplaintResolutionRate,
        ComplaintsFamily.ComplaintTimelyResponseRate, SurveysFamily.Nps,
    ];

    /// <summary>Renders the report in <paramref name="text"/>'s language; <paramref name="otherLanguageHref"/> links the other one.</summary>
    public static string Render(ReportInput input, ReportText text, string otherLanguageHref)
    {
        var result = input.Result;
        var page = new HtmlPage(text).Begin(text["assessmentTitle"], result, otherLanguageHref);
        page.Raw($"<nav><a href=\"#overview\">{HtmlPage.E(text["overview"])}</a><a href=\"#scorecards\">{HtmlPage.E(text["scorecards"])}</a>" +
                 $"<a href=\"#kpis\">{HtmlPage.E(text["kpiTables"])}</a><a href=\"#trends\">{HtmlPage.E(text["trends"])}</a>" +
                 $"<a href=\"#alerts\">{HtmlPage.E(text["alerts"])} ({result.Alerts.Count})</a>" +
                 $"<a href=\"#receivables\">{HtmlPage.E(text["receivables"])}</a><a href=\"#fines\">{HtmlPage.E(text["fines"])}</a></nav>");

        var company = result.Scopes.First(s => s.Scope == "company");
        page.Heading("overview", text["overview"]).Raw("<div class=\"cards\">");
        foreach (var kpi in Headline)
        {
            var value = company.Kpis[kpi];
            page.Raw($"<div class=\"card\"><div class=\"k\">{HtmlPage.E(text[kpi])}</div><div class=\"v\">{HtmlPage.E(page.Value(kpi, value))}</div><div>{page.Marks(value)}</div></div>");
        }

        page.Raw("</div>");

        page.Heading("scorecards", $"{text["scorecards"]} · {text["rankings"]}");
        var departments = result.Scopes.Where(s => s.Scope == "department").OrderBy(s => s.Rank ?? int.MaxValue).ThenBy(s => s.Id, StringComparer.Ordinal);
        page.Heading("departments", text["department"], 3).Table(
            [text["rank"], text["department"], text["score"], text["grade"], text["bonusCoefficient"]],
            departments.Select(d => (IReadOnlyList<string>)[Rank(d), HtmlPage.E(d.Name), text.Number(d.Score), HtmlPage.E(d.Grade ?? "—"), text.Number(d.BonusCoefficient, 2)]),
            new HashSet<int> { 0, 2, 4 });
        if (result.Awards.Count > 0)
        {
            page.Paragraph(HtmlPage.E($"{text["awards"]}: " + string.Join(text.IsEnglish ? "; " : "；", result.Awards.Select(a =>
                a.Award == "bestDepartment" ? $"{text["bestDepartment"]} {a.Id} ({text.Number(a.Score)})" : $"{text["bestEmployee"]} · {a.Department}: {a.Id} ({text.Number(a.Score)})"))));
        }

        foreach (var department in departments.Where(d => d.Scorecard is not null))
        {
            page.Heading($"score-{department.Id}", $"{text["scoreMade"]} · {department.Name}", 3).Table(
                [text["kpi"], text["value"], text["goal"], text["weight"], text["points"], text["appliedWeight"]],
                department.Scorecard!.Select(line => (IReadOnlyList<string>)
                [
                    HtmlPage.E(text[line.Kpi]) + (line.Direction == "lower" ? " ↓" : ""), HtmlPage.E(line.Value is { } v ? text.Kpi(line.Kpi, v) : "—"),
                    HtmlPage.E(text.Kpi(line.Kpi, line.Goal)), text.Number(line.Weight, 2), text.Number(line.Points), text.Percent(line.AppliedWeight),
                ]),
                new HashSet<int> { 1, 2, 3, 4, 5 });
        }
        foreach (var group in result.Scopes.Where(s => s.Scope == "employee" && s.Department is not null)
                     .GroupBy(s => s.Department!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            page.Heading($"staff-{group.Key}", $"{text["employee"]} · {group.Key}", 3).Table(
                [text["rank"], text["id"], text["name"], text["score"], text["grade"], text["bonusCoefficient"], text[SalesFamily.SalesCompletionRate], text[ComplaintsFamily.ComplaintResolutionRate], text[SurveysFamily.SatisfactionIndex]],
                group.OrderBy(e => e.Rank ?? int.MaxValue).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => (IReadOnlyList<string>)
                [
                    Rank(e), HtmlPage.E(e.Id), HtmlPage.E(e.Name), text.Number(e.Score), HtmlPage.E(e.Grade ?? "—"), text.Number(e.BonusCoefficient, 2),
                    HtmlPage.E(page.Value(SalesFamily.SalesCompletionRate, e.Kpis[SalesFamily.SalesCompletionRate])),
                    HtmlPage.E(page.Value(ComplaintsFamily.ComplaintResolutionRate, e.Kpis[ComplaintsFamily.ComplaintResolutionRate])),
                    HtmlPage.E(page.Value(SurveysFamily.SatisfactionIndex, e.Kpis[SurveysFamily.SatisfactionIndex])),
                ]),
                new HashSet<int> { 0, 3, 5, 6, 7, 8 });
        }

        page.Heading("kpis", text["kpiTables"]);
        foreach (var scope in result.Scopes.Where(s => s.Scope != "employee"))
        {
            page.Heading($"kpis-{scope.Scope}-{scope.Id}", scope.Scope == "company" ? text["company"] : $"{text[scope.Scope]} · {scope.Name}", 3).Table(
                [text["kpi"], text["value"], text["numerator"], text["denominator"], text["interval"], text["n"], text["change"]],
                KpiRows(page, scope), new HashSet<int> { 1, 2, 3, 5 });
        }

        page.Heading("trends", text["trends"]).Raw("<div class=\"charts\">");
        foreach (var kpi in Trended)
        {
            var points = Trend(input, "company:company", kpi, result);
            page.Raw(SvgCharts.Line($"{text[kpi]} · {text["company"]}", points,
                v => KpiCatalog.Definition(kpi).Format == KpiFormat.Money ? v.ToString("N0", text.Culture) : text.Kpi(kpi, v)));
        }

        page.Raw("</div>");

        var actions = input.Detail<CorrectiveActionDetail>().Actions.Items;
        page.Heading("alerts", text["alerts"]).Table(
            [text["scope"], text["id"], text["kpi"], text["value"], text["threshold"], text["records"], text["correctiveActions"]],
            result.Alerts.Select(a => (IReadOnlyList<string>)
            [
                HtmlPage.E(text[a.Scope]), HtmlPage.E(a.Id), $"<span class=\"alert\">{HtmlPage.E(text[a.Kpi])}</span>",
                HtmlPage.E(Format(text, a.Kpi, a.Value)) + (a.SmallSample == true ? $" <span class=\"small\">※ {HtmlPage.E(text["smallSample"])}</span>" : ""),
                $"{HtmlPage.E(text[a.Direction])} {HtmlPage.E(Format(text, a.Kpi, a.Threshold))}",
                $"<span class=\"ids\">{HtmlPage.E(string.Join(", ", a.Records.Take(IdsListed)))}</span>" +
                    (a.Records.Count > IdsListed ? $"<br><span class=\"more\">{page.More(IdsListed, a.Records.Count, RecordLists.Alert)}</span>" : ""),
                ActionsFor(actions, a, text),
            ]),
            new HashSet<int> { 3 });

        page.Heading("actions", text["actionsDue"]).ListedTable(
            [text["id"], text["kpi"], text["scope"], text["department"], text["owner"], text["raisedOn"], text["dueDate"], text["closedOn"], text["state"]],
            actions.Select(a => (IReadOnlyList<string>)
            [
                HtmlPage.E(a.Id), HtmlPage.E(a.Kpi is null ? "—" : text[a.Kpi]), HtmlPage.E(a.Scope is null ? "—" : $"{text[a.Scope]} · {a.ScopeId}"),
                HtmlPage.E(a.Department), HtmlPage.E(a.OwnerId ?? "—"), HtmlPage.E(Day(a.RaisedOn)), HtmlPage.E(Day(a.DueDate)),
                HtmlPage.E(a.ClosedOn is { } closed ? Day(closed) : "—"), HtmlPage.E(State(a, text)),
            ]),
            actions.Count, RecordLists.CorrectiveActionsDue);
        Receivables(page, input, text);
        Fines(page, result, text);
        return page.End();
    }

    /// <summary>
    /// Receivables collected and overdue by age for the company, each department and region, then every guarantee
    /// deduction of the period by guarantor: what payroll deducts from whom, and for which receivable.
    /// </summary>
    private static void Receivables(HtmlPage page, ReportInput input, ReportText text)
    {
        page.Heading("receivables", text["receivables"]).Table(
            [text["scope"], text[ReceivablesFamily.ReceivablesDue], text["collected"], text[ReceivablesFamily.CollectionRate],
             text[ReceivablesFamily.OverdueReceivables], text["count"], .. ReceivablesFamily.AgeBuckets.Select(age => $"{text["overdueByAge"]} {text[age]}")],
            input.Result.Scopes.Where(s => s.Scope != "employee").Select(scope =>
            {
                var rate = (RateValue)scope.Kpis[ReceivablesFamily.CollectionRate];
                var overdue = (OverdueValue)scope.Kpis[ReceivablesFamily.OverdueReceivables];
                return (IReadOnlyList<string>)
                [
                    HtmlPage.E(scope.Scope == "company" ? text["company"] : $"{text[scope.Scope]} · {scope.Name}"), HtmlPage.E(text.Money(rate.Denominator)),
                    HtmlPage.E(text.Money(rate.Numerator)), HtmlPage.E(text.Percent(rate.Value)), HtmlPage.E(text.Money(overdue.Value)),
                    overdue.Count.ToString(text.Culture), .. ReceivablesFamily.AgeBuckets.Select(age => HtmlPage.E(text.Money(overdue.ByAge[age]))),
                ];
            }),
            new HashSet<int> { 1, 2, 3, 4, 5, 6, 7, 8 });

        var deductions = input.Detail<GuaranteeDeductionsDetail>().Deductions.Items;
        page.Heading("deductions", text["deductions"], 3);
        if (deductions.Count == 0)
        {
            page.Paragraph(HtmlPage.E(text["noDeductions"]));
            return;
        }

        page.ListedTable(
            [text["guarantor"], text["id"], text["customer"], text["dueDate"], text["deductionDate"], text["balance"], text["guaranteeAmount"], text["deduction"]],
            deductions.Select(d => (IReadOnlyList<string>)
            [
                HtmlPage.E(d.GuarantorId), HtmlPage.E(d.ReceivableId), HtmlPage.E(d.CustomerId), HtmlPage.E(Day(d.DueDate)), HtmlPage.E(Day(d.DeductionDate)),
                HtmlPage.E(text.Money(d.Balance)), HtmlPage.E(text.Money(d.GuaranteeAmount)), HtmlPage.E(text.Money(d.Deduction)),
            ]),
            deductions.Count, RecordLists.GuaranteeDeductions, new HashSet<int> { 5, 6, 7 });
    }

    /// <summary>The fines of the period per responsible employee (substantiated service complaints × the fine), largest first.</summary>
    private static void Fines(HtmlPage page, AssessmentResult result, ReportText text)
    {
        var fined = result.Scopes
            .Where(s => s.Scope == "employee" && ((AmountValue)s.Kpis[ComplaintFaultsFamily.Fines]).Value > 0)
            .OrderByDescending(s => ((AmountValue)s.Kpis[ComplaintFaultsFamily.Fines]).Value).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        page.Heading("fines", text["fines"]);
        if (fined.Count == 0)
        {
            page.Paragraph(HtmlPage.E(text["noFines"]));
            return;
        }

        page.Table(
            [text["id"], text["name"], text["department"], text["substantiated"], text["serviceSubstantiated"], text["fine"]],
            fined.Select(e =>
            {
                var substantiated = (ComplaintCountValue)e.Kpis[ComplaintFaultsFamily.SubstantiatedComplaints];
                return (IReadOnlyList<string>)
                [
                    HtmlPage.E(e.Id), HtmlPage.E(e.Name), HtmlPage.E(e.Department ?? "—"), substantiated.Value.ToString(text.Culture),
                    substantiated.ByCategory.GetValueOrDefault("service").ToString(text.Culture),
                    HtmlPage.E(text.Money(((AmountValue)e.Kpis[ComplaintFaultsFamily.Fines]).Value)),
                ];
            }),
            new HashSet<int> { 3, 4, 5 });
    }

    /// <summary>The corrective actions due in the period that answer <paramref name="alert"/>'s KPI and scope, with their state.</summary>
    private static string ActionsFor(IReadOnlyList<ActionLine> actions, Alert alert, ReportText text)
    {
        var raised = actions.Where(a => a.Kpi == alert.Kpi && a.Scope == alert.Scope && (alert.Scope == "company" || a.ScopeId == alert.Id)).ToList();
        return raised.Count == 0
            ? HtmlPage.E(text["noAction"])
            : string.Join("<br>", raised.Select(a => HtmlPage.E($"{a.Id} · {text["dueDate"]} {Day(a.DueDate)} · {State(a, text)}")));
    }

    /// <summary>Closed in time or late, and whether found effective.</summary>
    public static string State(ActionLine action, ReportText text) =>
        (action.ClosedOn is null ? text["open"] : action.ClosedInTime ? text["closedInTime"] : text["closedLate"]) +
        (action.Effective is { } effective ? $" · {(effective ? text["effective"] : text["notEffective"])}" : "");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A KPI value as a report shows it (rates as percentages).</summary>
    public static string Format(ReportText text, string kpi, double value) => text.Kpi(kpi, value);

    /// <summary>The last twelve months of a KPI for a scope: stored history plus this run.</summary>
    public static IReadOnlyList<(string Label, double? Value)> Trend(ReportInput input, string scopeKey, string kpi, AssessmentResult result)
    {
        var points = new List<(string, double?)>();
        if (input.History.TryGetValue(scopeKey, out var history))
        {
            foreach (var (period, kpis) in history.Where(h => h.Period != result.Period).TakeLast(11))
            {
                points.Add((period, Number(kpis[kpi])));
            }
        }

        var current = result.Scopes.FirstOrDefault(s => $"{s.Scope}:{s.Id}" == scopeKey);
        points.Add((result.Period, current?.Kpis[kpi].Number));
        return points;
    }

    private static double? Number(JsonNode? kpi) =>
        kpi?["value"] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    private static string Rank(ScopeResult scope) => scope.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—";

    private static IEnumerable<IReadOnlyList<string>> KpiRows(HtmlPage page, ScopeResult scope)
    {
        foreach (var (kpi, value) in scope.Kpis)
        {
            if (value is DimensionsValue dimensions)
            {
                foreach (var (name, mean) in dimensions.All)
                {
                    yield return [HtmlPage.E($"{page.Text[kpi]} · {page.Text[name]}"), HtmlPage.E(page.Text.Number(mean.Value, 2)), "", "", "", mean.N.ToString("N0", page.Text.Culture), page.Marks(mean)];
                }

                continue;
            }

            var parts = page.Parts(kpi, value);
            yield return [HtmlPage.E(page.Text[kpi]), HtmlPage.E(page.Value(kpi, value)), HtmlPage.E(parts[0]), HtmlPage.E(parts[1]), HtmlPage.E(parts[2]), HtmlPage.E(parts[3]), page.Marks(value)];
        }
    }
}
