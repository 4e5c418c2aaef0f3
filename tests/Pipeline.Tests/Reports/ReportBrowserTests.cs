using Pipeline.Reports;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reports;

/// <summary>The HTML reports and the portal in a real Chromium: they load cleanly, draw their charts and shape Chinese.</summary>
public sealed class ReportBrowserTests(BrowserFixture browser, AzuriteFixture azurite)
{
    public static TheoryData<string> Pages => new(
        "assessment.html", "assessment.en.html", "satisfaction-analysis.html", "satisfaction-analysis.en.html",
        "complaint-analysis.html", "complaint-analysis.en.html", "customer-analysis.html", "customer-analysis.en.html");

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_html_report_loads_without_errors_and_draws_its_charts(string name)
    {
        var files = ReportFiles.Build(ReportSamples.Input(), "zh-CN");
        await using var page = await browser.OpenHtmlAsync(ReportFiles.Text(files[name].Content));

        Assert.Empty(page.Errors);
        Assert.False(BrowserFixture.IsBlank(page.Screenshot));
        Assert.True(await page.Page.Locator("svg.chart").CountAsync() >= 1, "no chart");
        Assert.True(await page.Page.Locator("svg.chart path.series, svg.chart rect.bar").CountAsync() >= 1, "charts without data marks");
        Assert.True(await page.Page.Locator("table").CountAsync() >= 1);
        var english = name.EndsWith(".en.html", StringComparison.Ordinal);
        Assert.Equal(english ? "en" : "zh-CN", await page.Page.GetAttributeAsync("html", "lang"));
        if (!english)
        {
            Assert.True(await BrowserFixture.IsShapedAsync(page.Page, "h1"),
                $"h1 drawn with {string.Join(", ", await BrowserFixture.FontsUsedAsync(page.Page, "h1"))}");
        }
        else
        {
            // No Chinese word of the reports in an English page (data such as region names stays as sent),
            // except the link to the Chinese page.
            var body = await page.Page.InnerTextAsync("body");
            Assert.DoesNotContain(ReportText.Chinese.Words.Where(w => w.Any(c => c >= 0x4E00 && c <= 0x9FFF)), word => body.Contains(word, StringComparison.Ordinal));
            Assert.Contains("Marketing and customer-service assessment", ReportText.English.Words);
        }
    }

    [Theory]
    [InlineData("assessment.html", "暂定 · 月初至今")]
    [InlineData("assessment.en.html", "Provisional · month to date")]
    [InlineData("complaint-analysis.en.html", "Provisional · month to date")]
    public async Task A_provisional_report_opens_on_its_banner_above_everything_but_the_header(string name, string heading)
    {
        var input = ReportSamples.Input();
        input = input with { Result = input.Result with { Provisional = true, CutOff = DateTimeOffset.Parse("2026-11-15T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture) } };
        var files = ReportFiles.Build(input, "zh-CN");
        await using var page = await browser.OpenHtmlAsync(ReportFiles.Text(files[name].Content));

        Assert.Empty(page.Errors);
        var banner = page.Page.Locator("#provisional");
        Assert.True(await banner.IsVisibleAsync());
        Assert.StartsWith(heading, await banner.InnerTextAsync());
        Assert.StartsWith(heading[..heading.IndexOf(' ', StringComparison.Ordinal)], await page.Page.TitleAsync());
        var bannerBox = await banner.BoundingBoxAsync();
        var firstSection = await page.Page.Locator("h2").First.BoundingBoxAsync();
        Assert.True(bannerBox!.Y < firstSection!.Y, "the banner is below the report's first section");
        if (name.EndsWith(".en.html", StringComparison.Ordinal))
        {
            var body = await page.Page.InnerTextAsync("body");
            Assert.DoesNotContain(ReportText.Chinese.Words.Where(w => w.Any(c => c >= 0x4E00 && c <= 0x9FFF)), word => body.Contains(word, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_trend_chart_plots_the_stored_months_and_this_one()
    {
        var files = ReportFiles.Build(ReportSamples.Input(), "zh-CN");
        await using var page = await browser.OpenHtmlAsync(ReportFiles.Text(files["assessment.html"].Content));
        var firstTrend = page.Page.Locator("#trends ~ div.charts svg.chart").First;
        Assert.Equal(3, await firstTrend.Locator("circle").CountAsync()); // 2026-09, 2026-10 from history, 2026-11 now
    }

    [Fact]
    public async Task A_manager_opens_the_portal_and_follows_a_link_to_the_monthly_report()
    {
        // A free port chosen by Kestrel itself: letting the factory rewrite the addresses races the app's own start.
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        app.UseKestrel();
        app.StartServer();
        using var client = app.CreateClient();
        await ReportRoutesTests.SeedAndRunAsync(client);

        await using var portal = await browser.OpenAsync(new Uri(client.BaseAddress!, "/api/portal").ToString());
        Assert.Empty(portal.Errors);
        Assert.False(BrowserFixture.IsBlank(portal.Screenshot));
        Assert.True(await BrowserFixture.IsShapedAsync(portal.Page, "h1"));
        Assert.Contains("2026-11", await portal.Page.InnerTextAsync("section"));

        // An alert's records open through the records API.
        await portal.Page.Locator("section details summary").First.ClickAsync();
        var recordLink = portal.Page.Locator("section details a[href^='records/']").First;
        var href = await recordLink.GetAttributeAsync("href") ?? throw new InvalidOperationException("a record link without href");
        var record = await portal.Page.APIRequest.GetAsync(new Uri(new Uri(client.BaseAddress!, "/api/"), href).ToString());
        Assert.Equal(200, record.Status);
        var json = await record.JsonAsync();
        Assert.Equal(Uri.UnescapeDataString(href[(href.LastIndexOf('/') + 1)..]), json!.Value.GetProperty("id").GetString());

        // The customer analysis of a month posted over HTTP, in both languages.
        foreach (var (file, title) in new[] { ("customer-analysis.html", "客户档案与走访分析报告"), ("customer-analysis.en.html", "Customer files and visits analysis") })
        {
            await using var analysis = await browser.OpenAsync(new Uri(client.BaseAddress!, $"/api/reports/monthly/2026-11/{file}").ToString());
            Assert.Empty(analysis.Errors);
            Assert.Contains(title, await analysis.Page.InnerTextAsync("h1"));
            Assert.True(await analysis.Page.Locator("table").CountAsync() >= 6);
            Assert.DoesNotContain("Confidential Ltd", await analysis.Page.InnerTextAsync("body"));
        }

        await portal.Page.ClickAsync("a[href='reports/monthly/2026-11/assessment.html']");
        await portal.Page.WaitForURLAsync("**/api/reports/monthly/2026-11/assessment.html");
        Assert.Contains("营销与客户服务考核报告", await portal.Page.InnerTextAsync("h1"));
        Assert.True(await portal.Page.Locator("svg.chart").CountAsync() >= 6);

        var download = await portal.Page.APIRequest.GetAsync(new Uri(client.BaseAddress!, "/api/reports/monthly/2026-11/assessment.xlsx").ToString());
        Assert.Equal(200, download.Status);
        Assert.Contains("attachment", download.Headers["content-disposition"]);
    }
}
