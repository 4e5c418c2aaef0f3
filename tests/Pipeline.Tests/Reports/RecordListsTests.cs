using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Reports;

namespace Pipeline.Tests.Reports;

/// <summary>
/// The pages show the first <see cref="HtmlPage.ListedRows"/> of a list of records with its count and a link to
/// <c>records.csv</c>, which holds every one: a page's size follows the scopes, and nothing a manager may act on is lost.
/// </summary>
public sealed partial class RecordListsTests
{
    // 500 staff: complaints C-i are unresolved when i % 4 == 0 (125 of them), received on day 1 + i % 28 at 09:00.
    private static readonly Lazy<Pipeline.Reports.ReportInput> Large = new(() => ReportSamples.LargeMonth(500));

    [Fact]
    public void A_long_list_shows_its_first_rows_its_count_and_where_the_rest_are()
    {
        var html = ComplaintHtml.Render(Large.Value, ReportText.English, "x");
        var (heading, rows, more) = Section(html, "unresolved");

        // By hand from the sample's rule: every fourth complaint, oldest first, ties by id.
        var expected = Enumerable.Range(1, 500).Where(i => i % 4 == 0)
            .OrderBy(i => 1 + i % 28).ThenBy(i => $"C-{i:D3}", StringComparer.Ordinal)
            .Select(i => $"C-{i:D3}").ToList();
        Assert.Equal(125, expected.Count);
        Assert.Contains("(125)", heading, StringComparison.Ordinal);
        Assert.Equal(100, rows.Count);
        Assert.Equal(expected.Take(100), rows);
        Assert.NotNull(more);
        Assert.Contains("the first 100 of 125 shown", more, StringComparison.Ordinal);
        Assert.Contains("href=\"records.csv\"", more, StringComparison.Ordinal);
        Assert.Contains("unresolvedComplaints", more, StringComparison.Ordinal);

        // And the file holds all 125, in the page's order.
        var listed = Csv(RecordLists.Write(Large.Value)).Where(r => r["list"] == RecordLists.UnresolvedComplaints).ToList();
        Assert.Equal(expected, listed.Select(r => r["id"]));
        Assert.Equal(Enumerable.Range(1, 125).Select(i => i.ToString(CultureInfo.InvariantCulture)), listed.Select(r => r["position"]));
        Assert.All(listed, r => Assert.Equal("complaints", r["kind"]));
        Assert.All(listed, r => Assert.Equal("2026-11", r["period"]));
    }

    [Fact]
    public void A_short_list_is_shown_whole_with_no_pointer()
    {
        var input = ReportSamples.Input();
        var html = ComplaintHtml.Render(input, ReportText.Chinese, "x");
        var (_, rows, more) = Section(html, "unresolved");
        Assert.Equal(input.Detail<ComplaintDetail>().Unresolved.Items.Select(c => c.Id), rows);
        Assert.Null(more);
    }

    [Fact]
    public void Records_csv_holds_every_record_behind_every_alert_and_the_pages_point_to_it()
    {
        var input = Large.Value;
        var rows = Csv(RecordLists.Write(input));
        var alerts = input.Result.Alerts;
        Assert.Contains(alerts, a => a.Records.Count > 50); // the sample has an alert longer than a page row shows
        foreach (var alert in alerts)
        {
            var mine = rows.Where(r => r["list"] == RecordLists.Alert && r["scope"] == alert.Scope && r["scopeId"] == alert.Id && r["kpi"] == alert.Kpi).ToList();
            Assert.Equal(alert.Records, mine.Select(r => r["id"]));
            Assert.All(mine, r => Assert.Equal(KpiCatalog.AlertRecordsKind(alert.Kpi), r["kind"]));
        }

        var html = AssessmentHtml.Render(input, ReportText.English, "x");
        var longest = alerts.MaxBy(a => a.Records.Count)!;
        Assert.Contains($"the first 50 of {longest.Records.Count:N0} shown", html, StringComparison.Ordinal);

        // The other lists: every incomplete file (i % 5 == 0: 100 of 500) and every corrective action due (i % 10 == 0: 50).
        Assert.Equal(100, rows.Count(r => r["list"] == RecordLists.IncompleteFiles));
        Assert.Equal(input.Detail<CorrectiveActionDetail>().Actions.Items.Select(a => a.Id), rows.Where(r => r["list"] == RecordLists.CorrectiveActionsDue).Select(r => r["id"]));
        var customerPage = CustomerHtml.Render(input, ReportText.English, "x");
        Assert.Equal(100, Section(customerPage, "incomplete").Rows.Count);
    }

    [Fact]
    public void A_scope_page_points_a_long_alert_to_the_runs_records_csv()
    {
        // 1,000 staff: 250 unresolved complaints behind the company's complaintResolutionRate alert (0.75 < 0.9).
        var input = ReportSamples.LargeMonth(1000);
        var result = input.Result with { Reports = ReportFiles.Names("zh-CN").Select(name => $"monthly/2026-11/{name}").ToList() };
        var json = System.Text.Json.JsonSerializer.SerializeToNode(result, Pipeline.Runs.AssessmentStore.Json)!.AsObject();
        var alert = Assert.Single(result.Alerts, a => a.Scope == "company" && a.Kpi == ComplaintsFamily.ComplaintResolutionRate);
        Assert.Equal(250, alert.Records.Count);

        var page = ScopePage.Render(json, "company", "company", [], ReportText.English, null, ScorecardSettings.Default)!;
        Assert.Contains("the first 200 of 250 shown", page, StringComparison.Ordinal);
        Assert.Contains("href=\"../../../reports/monthly/2026-11/records.csv\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_csv_is_published_with_the_reports()
    {
        var files = ReportFiles.Build(ReportSamples.Input(), "zh-CN");
        Assert.Equal(ReportFiles.Names("zh-CN").Order(StringComparer.Ordinal), files.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("text/csv", files[RecordLists.FileName].ContentType, StringComparison.Ordinal);
        var text = ReportFiles.Text(files[RecordLists.FileName].Content);
        Assert.StartsWith("\uFEFFperiod,list,scope,scopeId,kpi,group,position,kind,id", text, StringComparison.Ordinal);
    }

    private static List<Dictionary<string, string>> Csv(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        while (csv.Read())
        {
            rows.Add(header.ToDictionary(h => h, h => csv.GetField(h) ?? "", StringComparer.Ordinal));
        }

        return rows;
    }

    // The heading, the first cells of the table's rows, and the "more" line of the section with this id.
    private static (string Heading, List<string> Rows, string? More) Section(string html, string id)
    {
        var start = html.IndexOf($"<h2 id=\"{id}\">", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {id}");
        var end = html.IndexOf("<h2 ", start + 1, StringComparison.Ordinal);
        var section = html[start..(end < 0 ? html.Length : end)];
        var heading = section[..section.IndexOf("</h2>", StringComparison.Ordinal)];
        var body = section[section.IndexOf("<tbody>", StringComparison.Ordinal)..section.IndexOf("</tbody>", StringComparison.Ordinal)];
        var rows = FirstCell().Matches(body).Select(m => m.Groups[1].Value).ToList();
        var more = MoreLine().Match(section);
        return (heading, rows, more.Success ? more.Value : null);
    }

    [GeneratedRegex("<tr><td>([^<]*)</td>")]
    private static partial Regex FirstCell();

    [GeneratedRegex("<p class=\"more\">.*?</p>")]
    private static partial Regex MoreLine();
}
