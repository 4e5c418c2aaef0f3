using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>
/// <c>complaint-analysis.html</c>: complaints by category, product, region and severity, response and
/// resolution time distributions, the unresolved and the late complaints, and repeat complainants.
/// </summary>
public static class ComplaintHtml
{
    // Complaint ids a repeat complainant's row shows.
    private const int IdsListed = 20;

    /// <summary>Renders the report in <paramref name="text"/>'s language.</summary>
    public static string Render(ReportInput input, ReportText text, string otherLanguageHref)
    {
        var result = input.Result;
        var analysis = input.Detail<ComplaintDetail>();
        var company = result.Scopes.First(s => s.Scope == "company").Kpis;
        var page = new HtmlPage(text).Begin(text["complaintTitle"], result, otherLanguageHref);

        page.Heading("overview", text["overview"]).Raw("<div class=\"cards\">");
        foreach (var kpi in new[] { ComplaintsFamily.ComplaintsReceived, ComplaintsFamily.ComplaintResolutionRate, ComplaintsFamily.ComplaintTimelyResponseRate, ComplaintsFamily.ComplaintResolutionHours, ComplaintsFamily.ComplaintFollowUpSatisfaction })
        {
            page.Raw($"<div class=\"card\"><div class=\"k\">{HtmlPage.E(text[kpi])}</div><div class=\"v\">{HtmlPage.E(page.Value(kpi, company[kpi]))}</div><div>{page.Marks(company[kpi])}</div></div>");
        }

        page.Raw("</div>");
        foreach (var (by, title) in new[] { ("category", "byCategory"), ("product", "byProduct"), ("region", "byRegion"), ("severity", "bySeverity") })
        {
            page.Heading($"by-{by}", text[title]).Table(
                [text[by], text["received"], text["resolved"], text[ComplaintsFamily.ComplaintResolutionRate], text["timely"], text[ComplaintsFamily.ComplaintTimelyResponseRate]],
                analysis.By[by].OrderByDescending(g => g.Value.Received).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<string>)
                [
                    HtmlPage.E(by is "category" or "severity" ? text[g.Key] : g.Key), g.Value.Received.ToString("N0", text.Culture),
                    g.Value.Resolved.ToString("N0", text.Culture), HtmlPage.E(text.Percent((double)g.Value.Resolved / g.Value.Received)),
                    g.Value.Timely.ToString("N0", text.Culture), HtmlPage.E(text.Percent((double)g.Value.Timely / g.Value.Received)),
                ]),
                new HashSet<int> { 1, 2, 3, 4, 5 });
        }

        var buckets = Buckets(text, withNone: true);
        page.Heading("times", $"{text["responseTimes"]} · {text["resolutionTimes"]}").Raw("<div class=\"charts\">")
            .Raw(SvgCharts.Bars(text["responseTimes"], analysis.ResponseHours.Select((c, i) => (buckets[i], (double)c)).ToList(), v => v.ToString("N0", text.Culture), 560))
            .Raw(SvgCharts.Bars(text["resolutionTimes"], analysis.ResolutionHours.Select((c, i) => (buckets[i], (double)c)).ToList(), v => v.ToString("N0", text.Culture), 560))
            .Raw("</div>");

        page.Heading("unresolved", $"{text["unresolved"]} ({analysis.Unresolved.Count})")
            .ListedTable(Headers(text), analysis.Unresolved.Items.Select(line => Row(line, text)), analysis.Unresolved.Count, RecordLists.UnresolvedComplaints);
        page.Heading("late", $"{text["late"]} ({analysis.Late.Count})")
            .ListedTable(Headers(text), analysis.Late.Items.Select(line => Row(line, text)), analysis.Late.Count, RecordLists.LateComplaints);

        // The customers with the most complaints first; each row lists its first complaints (the full list is in records.csv).
        var repeat = analysis.RepeatComplainants().OrderByDescending(r => r.Complaints.Count).ThenBy(r => r.Customer, StringComparer.Ordinal).ToList();
        page.Heading("repeat", $"{text["repeatComplainants"]} ({repeat.Count})").ListedTable([text["customer"], text["complaints"], text["id"]],
            repeat.Select(r => (IReadOnlyList<string>)
            [
                HtmlPage.E(r.Customer), r.Complaints.Count.ToString(text.Culture),
                $"<span class=\"ids\">{HtmlPage.E(string.Join(", ", r.Complaints.Take(IdsListed)))}{(r.Complaints.Count > IdsListed ? $" … (+{r.Complaints.Count - IdsListed})" : "")}</span>",
            ]),
            repeat.Count, RecordLists.RepeatComplainants, new HashSet<int> { 1 });
        return page.End();
    }

    private static string[] Buckets(ReportText text, bool withNone)
    {
        var labels = new List<string>();
        var lower = 0.0;
        foreach (var upper in ComplaintDetail.HourBuckets)
        {
            labels.Add($"{lower:0}–{upper:0}");
            lower = upper;
        }

        labels.Add($">{lower:0}");
        if (withNone)
        {
            labels.Add(text["noResponse"]);
        }

        return [.. labels];
    }

    private static IReadOnlyList<string> Headers(ReportText text) =>
        [text["id"], text["receivedAt"], text["category"], text["product"], text["region"], text["severity"], text["handler"], text["customer"], text["firstResponseAt"], text["resolvedAt"]];

    private static IReadOnlyList<string> Row(ComplaintLine line, ReportText text) =>
    [
        HtmlPage.E(line.Id), HtmlPage.E(line.ReceivedAt.ToString("yyyy-MM-dd HH:mm", text.Culture)), HtmlPage.E(text[line.Category]),
        HtmlPage.E(line.Product ?? "—"), HtmlPage.E(line.Region ?? "—"), HtmlPage.E(text[line.Severity]), HtmlPage.E(line.HandlerId ?? "—"),
        HtmlPage.E(line.CustomerId), HtmlPage.E(line.FirstResponseAt?.ToString("yyyy-MM-dd HH:mm", text.Culture) ?? "—"),
        HtmlPage.E(line.ResolvedAt?.ToString("yyyy-MM-dd HH:mm", text.Culture) ?? "—"),
    ];
}
