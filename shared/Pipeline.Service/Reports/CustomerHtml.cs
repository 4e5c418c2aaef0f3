using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Statistics;

namespace Pipeline.Reports;

/// <summary>
/// <c>customer-analysis.html</c>: the customer file audit (incomplete files and their missing parts, files not approved,
/// files not brought up to date after trading, by keeper), key-customer visit coverage by keeper and region, visits by
/// type, opinions collected, complaints and satisfaction by customer grade. Customer ids only: never a customer's name
/// or the content of a file (CONTRACT §2).
/// </summary>
public static class CustomerHtml
{
    private static readonly string[] Headline =
    [
        CustomerFilesFamily.CustomerFileCompleteness, CustomerFilesFamily.CustomerFileApprovalRate, CustomerCurrencyFamily.CustomerFileCurrency,
        KeyCustomerCoverageFamily.KeyCustomerCoverage, VisitsFamily.Visits, VisitsFamily.OpinionsCollected, SalesFamily.SalesWithoutApprovedFile,
    ];

    /// <summary>Renders the report in <paramref name="text"/>'s language.</summary>
    public static string Render(ReportInput input, ReportText text, string otherLanguageHref)
    {
        var result = input.Result;
        var company = result.Scopes.First(s => s.Scope == "company").Kpis;
        var files = input.Detail<CustomerFileDetail>().Files.Items;
        var notCurrent = input.FiguresOf("company", "company").State<CustomerCurrencyState>().NotCurrent(input.Context);
        var page = new HtmlPage(text).Begin(text["customerTitle"], result, otherLanguageHref);

        page.Heading("overview", text["overview"]).Raw("<div class=\"cards\">");
        foreach (var kpi in Headline)
        {
            page.Raw($"<div class=\"card\"><div class=\"k\">{HtmlPage.E(text[kpi])}</div><div class=\"v\">{HtmlPage.E(page.Value(kpi, company[kpi]))}</div><div>{page.Marks(company[kpi])}</div></div>");
        }

        page.Raw("</div>");

        // The audit by keeper: files kept, incomplete, not approved, and trading customers whose file was not updated.
        var keeperOf = files.ToDictionary(f => f.Id, f => f.KeeperId ?? "—", StringComparer.Ordinal);
        var staleByKeeper = notCurrent.GroupBy(id => keeperOf.GetValueOrDefault(id, "—"), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var byKeeper = files.GroupBy(f => f.KeeperId ?? "—", StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var keepers = byKeeper.Keys.Union(staleByKeeper.Keys).Order(StringComparer.Ordinal);
        page.Heading("audit", $"{text["fileAudit"]} · {text["byKeeper"]}").Table(
            [text["keeper"], text["files"], text["incomplete"], text["unapproved"], text["notCurrent"]],
            keepers.Select(keeper =>
            {
                var kept = byKeeper.TryGetValue(keeper, out var mine) ? mine : [];
                return (IReadOnlyList<string>)
                [
                    HtmlPage.E(keeper), Count(kept.Count, text), Count(kept.Count(f => f.Missing.Count > 0), text), Count(kept.Count(f => !f.Approved), text),
                    Count(staleByKeeper.GetValueOrDefault(keeper), text),
                ];
            }),
            new HashSet<int> { 1, 2, 3, 4 });

        var incomplete = files.Count(f => f.Missing.Count > 0);
        page.Heading("incomplete", $"{text["incomplete"]} ({incomplete})").ListedTable(
            [text["customer"], text["grade"], text["keeper"], text["region"], text["missingParts"]],
            files.Where(f => f.Missing.Count > 0).Select(f => (IReadOnlyList<string>)
            [
                HtmlPage.E(f.Id), HtmlPage.E(f.Grade ?? "—"), HtmlPage.E(f.KeeperId ?? "—"), HtmlPage.E(f.Region ?? "—"),
                HtmlPage.E(string.Join(text.IsEnglish ? ", " : "、", f.Missing.Select(part => text[part]))),
            ]),
            incomplete, RecordLists.IncompleteFiles);
        var unapproved = files.Count(f => !f.Approved);
        page.Heading("unapproved", $"{text["unapproved"]} ({unapproved})").ListedTable(
            [text["customer"], text["grade"], text["keeper"], text["region"], text["updatedOn"]],
            files.Where(f => !f.Approved).Select(f => (IReadOnlyList<string>)
            [
                HtmlPage.E(f.Id), HtmlPage.E(f.Grade ?? "—"), HtmlPage.E(f.KeeperId ?? "—"), HtmlPage.E(f.Region ?? "—"), HtmlPage.E(Day(f.UpdatedOn)),
            ]),
            unapproved, RecordLists.UnapprovedFiles);
        var fileOf = files.ToDictionary(f => f.Id, StringComparer.Ordinal);
        page.Heading("not-current", $"{text["notCurrent"]} ({notCurrent.Count})").ListedTable(
            [text["customer"], text["grade"], text["keeper"], text["updatedOn"]],
            notCurrent.Select(id => fileOf.TryGetValue(id, out var f)
                ? (IReadOnlyList<string>)[HtmlPage.E(id), HtmlPage.E(f.Grade ?? "—"), HtmlPage.E(f.KeeperId ?? "—"), HtmlPage.E(Day(f.UpdatedOn))]
                : [HtmlPage.E(id), "—", "—", HtmlPage.E(text["none"])]),
            notCurrent.Count, RecordLists.NotCurrentFiles);

        // Key-customer coverage of every keeper and region that keeps key customers.
        var coverage = result.Scopes.Where(s => s.Scope is "employee" or "region")
            .Select(s => (Scope: s, Rate: (CountRateValue)s.Kpis[KeyCustomerCoverageFamily.KeyCustomerCoverage]))
            .Where(s => s.Rate.Denominator > 0);
        page.Heading("coverage", text["coverage"]).Table(
            [text["scope"], text["id"], text["visited"], text["keyCustomers"], text[KeyCustomerCoverageFamily.KeyCustomerCoverage]],
            coverage.Select(c => (IReadOnlyList<string>)
            [
                HtmlPage.E(text[c.Scope.Scope == "employee" ? "keeper" : "region"]), HtmlPage.E(c.Scope.Id), Count(c.Rate.Numerator, text),
                Count(c.Rate.Denominator, text), HtmlPage.E(text.Percent(c.Rate.Value)),
            ]),
            new HashSet<int> { 2, 3, 4 });

        var visits = (VisitCountValue)company[VisitsFamily.Visits];
        page.Heading("visits", text["visitsByType"]).Raw("<div class=\"charts\">")
            .Raw(SvgCharts.Bars(text["visitsByType"], VisitsFamily.Types.Select(t => (text[t], (double)visits.ByType[t])).ToList(), v => v.ToString("N0", text.Culture), 560))
            .Raw("</div>")
            .Table([text["kind"], text["count"]],
                VisitsFamily.Types.Select(t => (IReadOnlyList<string>)[HtmlPage.E(text[t]), Count(visits.ByType[t], text)])
                    .Append([HtmlPage.E(text[VisitsFamily.OpinionsCollected]), HtmlPage.E(page.Value(VisitsFamily.OpinionsCollected, company[VisitsFamily.OpinionsCollected]))]),
                new HashSet<int> { 1 });

        var complaintsByGrade = input.Detail<ComplaintDetail>().By["customerGrade"];
        var indexByGrade = input.Detail<SurveyDetail>().IndexByGrade;
        var grades = complaintsByGrade.Keys.Union(indexByGrade.Keys).Order(StringComparer.Ordinal);
        page.Heading("grades", text["byGrade"]).Table(
            [text["grade"], text[ComplaintsFamily.ComplaintsReceived], text["resolved"], text[SurveysFamily.SatisfactionIndex], text["n"]],
            grades.Select(grade =>
            {
                var c = complaintsByGrade.GetValueOrDefault(grade);
                var s = indexByGrade.GetValueOrDefault(grade) ?? new RatioMoments();
                return (IReadOnlyList<string>)
                [
                    HtmlPage.E(grade), Count(c?.Received ?? 0, text), Count(c?.Resolved ?? 0, text),
                    HtmlPage.E(s.Count == 0 ? "—" : text.Number(s.Mean)), Count(s.Count, text),
                ];
            }),
            new HashSet<int> { 1, 2, 3, 4 });
        return page.End();
    }

    private static string Count(long value, ReportText text) => value.ToString("N0", text.Culture);

    private static string Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
