using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Reports;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reports;

/// <summary>
/// The scope page in a real Chromium, as an employee finds it: from the portal to the company's page, to a department,
/// to one employee — how the score was made, grade, coefficient, fine, the trend of the stored months, and an alert's
/// records through the records API — in Chinese, then in English.
/// </summary>
public sealed class ScopePageBrowserTests(BrowserFixture browser, AzuriteFixture azurite)
{
    [Fact]
    public async Task An_employee_follows_the_portal_to_their_page_and_reads_how_their_score_was_made_in_both_languages()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        app.UseKestrel();
        app.StartServer();
        using var client = app.CreateClient();
        await ReportRoutesTests.SeedAndRunAsync(client, "2026-10");
        using (var run = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        }

        var result = JsonNode.Parse(await client.GetStringAsync("/api/assessments/2026-11", TestContext.Current.CancellationToken))!.AsObject();
        var alerted = result["alerts"]!.AsArray().Select(a => a!.AsObject())
            .Where(a => (string)a["scope"]! == "employee" && a["records"]!.AsArray().Count > 0).Select(a => (string)a["id"]!).ToHashSet();
        var employee = result["scopes"]!.AsArray().Select(s => s!.AsObject())
            .First(s => (string)s["scope"]! == "employee" && s["score"] is not null && alerted.Contains((string)s["id"]!));
        var id = (string)employee["id"]!;
        var department = (string)employee["department"]!;

        await using var portal = await browser.OpenAsync(new Uri(client.BaseAddress!, "/api/portal").ToString());
        Assert.Empty(portal.Errors);
        var page = portal.Page;
        await page.Locator("#p-2026-11 a[href*='/company/company']").ClickAsync();
        await page.WaitForURLAsync("**/api/portal/2026-11/company/company?culture=zh-CN");
        await page.Locator($"a[href='../department/{department}']").ClickAsync();
        await page.WaitForURLAsync($"**/api/portal/2026-11/department/{department}");
        await page.Locator($"a[href='../employee/{id}']").ClickAsync();
        await page.WaitForURLAsync($"**/api/portal/2026-11/employee/{id}");

        // How the score was made: one row per scorecard entry, then the score, equal to the published one.
        var lines = employee["scorecard"]!.AsArray().Count;
        Assert.Equal(lines + 1, await page.Locator("#score + table tbody tr").CountAsync());
        var scoreCell = await page.Locator("#score + table tbody tr").Last.Locator("td").Last.InnerTextAsync();
        Assert.Equal(((double)employee["score"]!).ToString("N2", ReportText.Chinese.Culture), scoreCell.Trim());
        var cards = await page.InnerTextAsync(".cards");
        Assert.Contains((string)employee["grade"]!, cards);
        Assert.Contains(((double)employee["bonusCoefficient"]!).ToString("N2", ReportText.Chinese.Culture), cards);
        Assert.Contains("罚款", cards);
        Assert.True(await BrowserFixture.IsShapedAsync(page, "h1"));

        // The trend of the stored months: 2026-10 and 2026-11, charted and tabled.
        Assert.True(await page.Locator("#trend ~ div.charts svg.chart path.series").CountAsync() >= 1, "no trend drawn");
        Assert.Equal(["2026-10", "2026-11"], await page.Locator("#trend ~ table").First.Locator("tbody tr td:first-child").AllInnerTextsAsync());

        // An alert's records open through the records API.
        var link = page.Locator("#alerts + table a").First;
        var href = await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("a record link without href");
        Assert.StartsWith("../../../records/", href);
        await link.ClickAsync();
        await page.WaitForURLAsync("**/api/records/**");
        Assert.Equal(Uri.UnescapeDataString(href[(href.LastIndexOf('/') + 1)..]),
            JsonNode.Parse(await page.InnerTextAsync("body"))!["id"]!.GetValue<string>());
        await page.GoBackAsync();

        // The same page in English.
        await page.Locator("a[hreflang='en']").ClickAsync();
        await page.WaitForURLAsync($"**/api/portal/2026-11/employee/{id}?culture=en");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("How the score was made", await page.InnerTextAsync("#score"));
        Assert.Contains("Grades: A ≥ 90, B ≥ 75, C ≥ 60, else D", await page.InnerTextAsync("body")); // the thresholds in force
        // No Chinese word of the reports; data stays as sent (the seeded employees are named "员工 n"), so names are taken out first.
        var body = result["scopes"]!.AsArray().Select(s => (string?)s!["name"]).OfType<string>().OrderByDescending(n => n.Length)
            .Aggregate(await page.InnerTextAsync("body"), (text, name) => text.Replace(name, "", StringComparison.Ordinal));
        Assert.DoesNotContain(ReportText.Chinese.Words.Where(w => w.Any(c => c >= 0x4E00 && c <= 0x9FFF)), word => body.Contains(word, StringComparison.Ordinal));
        Assert.Empty(portal.Errors);
    }

    [Fact]
    public async Task A_scope_or_period_that_does_not_exist_answers_a_problem_not_a_page()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        await ReportRoutesTests.SeedAndRunAsync(client);
        foreach (var (path, status) in new[]
                 {
                     ("/api/portal/2026-11/employee/NOBODY", HttpStatusCode.NotFound), ("/api/portal/2026-09/company/company", HttpStatusCode.NotFound),
                     ("/api/portal/2026-13/company/company", HttpStatusCode.BadRequest), ("/api/portal/2026-11/team/x", HttpStatusCode.BadRequest),
                 })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
