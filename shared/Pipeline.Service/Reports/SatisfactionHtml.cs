using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Statistics;

namespace Pipeline.Reports;

/// <summary>
/// <c>satisfaction-analysis.html</c>, the customer satisfaction survey analysis report: responses, the index with
/// its interval, each dimension, the distribution of scores, by region and product, the lowest-scoring areas,
/// reliability (α), the comments of the lowest scorers, and the corrective actions the alerts call for.
/// </summary>
public static class SatisfactionHtml
{
    /// <summary>Renders the report in <paramref name="text"/>'s language.</summary>
    public static string Render(ReportInput input, ReportText text, string otherLanguageHref)
    {
        var result = input.Result;
        var analysis = input.Detail<SurveyDetail>();
        var company = result.Scopes.First(s => s.Scope == "company").Kpis;
        var page = new HtmlPage(text).Begin(text["satisfactionTitle"], result, otherLanguageHref);

        var index = (IntervalMeanValue)company[SurveysFamily.SatisfactionIndex];
        var nps = (IntervalMeanValue)company[SurveysFamily.Nps];
        page.Heading("overview", text["overview"]).Raw("<div class=\"cards\">")
            .Raw(Card(text["responses"], analysis.Responses.ToString("N0", text.Culture), ""))
            .Raw(Card(text["followUpResponses"], analysis.FollowUpResponses.ToString("N0", text.Culture), ""))
            .Raw(Card(text[SurveysFamily.SatisfactionIndex], text.Number(index.Value),
                (index.CiLow is null ? "" : $"{HtmlPage.E(text["interval"])}: {HtmlPage.E(text.Number(index.CiLow))} – {HtmlPage.E(text.Number(index.CiHigh))}<br>") + page.Marks(index)))
            .Raw(Card(text[SurveysFamily.CsatRate], page.Value(SurveysFamily.CsatRate, company[SurveysFamily.CsatRate]), page.Marks(company[SurveysFamily.CsatRate])))
            .Raw(Card(text[SurveysFamily.Nps], text.Number(nps.Value),
                (nps.CiLow is null ? "" : $"{HtmlPage.E(text["interval"])}: {HtmlPage.E(text.Number(nps.CiLow))} – {HtmlPage.E(text.Number(nps.CiHigh))}<br>") + page.Marks(nps)))
            .Raw(Card(text[SurveysFamily.CronbachAlpha], text.Number(company[SurveysFamily.CronbachAlpha].Number, 3), $"{text["n"]} = {company[SurveysFamily.CronbachAlpha].Observations}"))
            .Raw(Card(text[SurveysFamily.FollowUpSatisfactionIndex], text.Number(company[SurveysFamily.FollowUpSatisfactionIndex].Number), page.Marks(company[SurveysFamily.FollowUpSatisfactionIndex])))
            .Raw("</div>");

        var dimensions = (DimensionsValue)company[SurveysFamily.SatisfactionByDimension];
        var byDimension = dimensions.All;
        page.Heading("dimensions", text[SurveysFamily.SatisfactionByDimension]).Table(
            [text["kpi"], text["value"], text["n"]],
            byDimension.Select(d => (IReadOnlyList<string>)[HtmlPage.E(text[d.Item1]), HtmlPage.E(text.Number(d.Item2.Value, 2)), d.Item2.N.ToString("N0", text.Culture)]),
            new HashSet<int> { 1, 2 });
        page.Raw("<div class=\"charts\">").Raw(SvgCharts.Bars(text[SurveysFamily.SatisfactionByDimension],
            byDimension.Where(d => d.Item2.Value is not null).Select(d => (text[d.Item1], d.Item2.Value!.Value)).ToList(), v => text.Number(v, 2), 480))
            .Raw("</div>");

        page.Heading("distribution", text["distribution"]).Raw("<div class=\"charts\">");
        foreach (var (key, counts) in analysis.Distributions)
        {
            var offset = key == "recommend" ? 0 : 1;
            page.Raw(SvgCharts.Bars($"{text["distribution"]} · {text[key]}",
                counts.Select((count, i) => ((i + offset).ToString(text.Culture), (double)count)).ToList(), v => v.ToString("N0", text.Culture), 380, 200));
        }

        page.Raw("</div>");
        page.Heading("regions", text["byRegion"]).Table([text["region"], text["index"], text["n"]], Rows(analysis.IndexByRegion, text), new HashSet<int> { 1, 2 });
        page.Heading("products", text["byProduct"]).Table([text["product"], text["index"], text["n"]], Rows(analysis.IndexByProduct, text), new HashSet<int> { 1, 2 });

        var areas = byDimension.Where(d => d.Item2.Value is not null).Select(d => ($"{text[SurveysFamily.SatisfactionByDimension]} · {text[d.Item1]}", 100 * (d.Item2.Value!.Value - 1) / 4, d.Item2.N))
            .Concat(analysis.IndexByRegion.Where(r => r.Value.Count > 0).Select(r => ($"{text["region"]} · {r.Key}", r.Value.Mean, r.Value.Count)))
            .Concat(analysis.IndexByProduct.Where(p => p.Value.Count > 0).Select(p => ($"{text["product"]} · {p.Key}", p.Value.Mean, p.Value.Count)))
            .OrderBy(a => a.Item2).ThenBy(a => a.Item1, StringComparer.Ordinal).Take(5);
        page.Heading("lowest", text["lowestAreas"]).Table([text["scope"], text["index"], text["n"]],
            areas.Select(a => (IReadOnlyList<string>)[HtmlPage.E(a.Item1), HtmlPage.E(text.Number(a.Item2)), a.Item3.ToString("N0", text.Culture)]),
            new HashSet<int> { 1, 2 });

        page.Heading("comments", text["comments"]).Table([text["id"], text["index"], text["comment"]],
            analysis.LowestComments.Items.Select(c => (IReadOnlyList<string>)[HtmlPage.E(c.Id), HtmlPage.E(text.Number(c.Index)), HtmlPage.E(c.Comment)]),
            new HashSet<int> { 1 });

        page.Heading("actions", text["correctiveActions"]).Table([text["scope"], text["kpi"], text["value"], text["correctiveActions"], text["records"]],
            result.Alerts.Select(a => (IReadOnlyList<string>)
            [
                HtmlPage.E($"{text[a.Scope]} · {a.Id}"), HtmlPage.E(text[a.Kpi]), HtmlPage.E(AssessmentHtml.Format(text, a.Kpi, a.Value)),
                HtmlPage.E(text[$"action.{a.Kpi}"]), $"<span class=\"ids\">{HtmlPage.E(string.Join(", ", a.Records.Take(20)))}</span>" +
                    (a.Records.Count > 20 ? $"<br><span class=\"more\">{page.More(20, a.Records.Count, RecordLists.Alert)}</span>" : ""),
            ]));
        return page.End();
    }

    private static string Card(string label, string value, string extraHtml) =>
        $"<div class=\"card\"><div class=\"k\">{HtmlPage.E(label)}</div><div class=\"v\">{HtmlPage.E(value)}</div><div>{extraHtml}</div></div>";

    private static IEnumerable<IReadOnlyList<string>> Rows(Dictionary<string, RatioMoments> breakdown, ReportText text) =>
        breakdown.Where(b => b.Value.Count > 0).OrderBy(b => b.Value.Mean).ThenBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => (IReadOnlyList<string>)[HtmlPage.E(b.Key), HtmlPage.E(text.Number(b.Value.Mean)), b.Value.Count.ToString("N0", text.Culture)]);
}
