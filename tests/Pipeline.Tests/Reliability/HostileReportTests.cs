using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Mvc.Testing;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// A month whose every free-text field (names, reference ids, products, channels, regions, departments, comments,
/// titles) holds markup and formulas, posted over HTTP and assessed: every report page and the portal open in Chromium
/// with the text shown as text and no script run, and the CSV export neutralises the formulas while numbers stay numbers.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileReportTests(BrowserFixture browser, AzuriteFixture azurite)
{
    // Each payload, if it ever ran, would bump window.__xss (and a 404 image would show as a request error).
    private static readonly string[] Payloads =
    [
        "<script>window.__xss=(window.__xss||0)+1</script>",
        "<img src=x onerror=\"window.__xss=(window.__xss||0)+1\">",
        "\"><svg onload=\"window.__xss=(window.__xss||0)+1\">",
        "'><iframe srcdoc=\"<script>parent.__xss=1</script>\">",
        "=HYPERLINK(\"http://example.invalid\",\"x\")",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "+1+1",
    ];

    private static string P(int i) => Payloads[i % Payloads.Length] + $" #{i}";

    private static Dictionary<string, object[]> Month()
    {
        var employees = Enumerable.Range(0, 4).Select(i => (object)new Dictionary<string, object>
        {
            ["id"] = $"E{i}", ["name"] = P(i), ["department"] = i < 2 ? "sales" : P(10 + i), ["region"] = P(20 + i),
        }).ToArray();
        var sales = Enumerable.Range(0, 40).Select(i => (object)new Dictionary<string, object>
        {
            ["id"] = $"S-{i}", ["date"] = $"2026-11-{1 + (i % 28):00}", ["employeeId"] = $"E{i % 4}", ["customerId"] = P(30 + (i % 5)),
            ["product"] = P(40 + (i % 6)), ["amount"] = 100 + i, ["channel"] = P(50 + (i % 3)), ["newCustomer"] = i % 3 == 0,
        }).ToArray();
        var surveys = Enumerable.Range(0, 30).Select(i => (object)new Dictionary<string, object>
        {
            ["id"] = $"V-{i}", ["date"] = "2026-11-05", ["customerId"] = P(60 + i), ["productQuality"] = 1 + (i % 5), ["serviceQuality"] = 1 + (i % 3),
            ["employeeId"] = $"E{i % 4}", ["region"] = P(20 + (i % 4)), ["product"] = P(40 + (i % 6)), ["comment"] = P(70 + i),
        }).ToArray();
        var complaints = Enumerable.Range(0, 20).Select(i => (object)new Dictionary<string, object>
        {
            ["id"] = $"C-{i}", ["receivedAt"] = $"2026-11-{1 + i:00}T09:00:00+08:00", ["customerId"] = P(80 + (i % 3)), ["category"] = i % 2 == 0 ? "quality" : "service",
            ["product"] = P(40 + (i % 6)), ["channel"] = P(50 + (i % 3)), ["region"] = P(20 + (i % 4)), ["handlerId"] = $"E{i % 4}",
            ["severity"] = i % 5 == 0 ? "high" : "normal",
        }).ToArray();
        var inquiries = Enumerable.Range(0, 10).Select(i => (object)new Dictionary<string, object>
        {
            ["id"] = $"Q-{i}", ["receivedAt"] = "2026-11-03T09:00:00+08:00", ["channel"] = P(50 + i), ["topic"] = P(90 + i), ["handlerId"] = $"E{i % 4}",
        }).ToArray();
        var expenses = Enumerable.Range(0, 6).Select(i => (object)new Dictionary<string, object>
        {
            ["id"] = $"X-{i}", ["date"] = "2026-11-03", ["department"] = i < 3 ? "sales" : P(12), ["category"] = "travel", ["amount"] = 300, ["employeeId"] = $"E{i % 4}",
        }).ToArray();
        var campaigns = new object[] { new Dictionary<string, object> { ["id"] = "M-1", ["startDate"] = "2026-11-01", ["endDate"] = "2026-11-30", ["channel"] = P(51), ["cost"] = 1000 } };
        var research = new object[] { new Dictionary<string, object> { ["id"] = "R-1", ["plannedDate"] = "2026-11-10", ["title"] = P(99), ["employeeId"] = "E2" } };
        return new()
        {
            ["employees"] = employees, ["sales"] = sales, ["surveys"] = surveys, ["complaints"] = complaints, ["inquiries"] = inquiries,
            ["expenses"] = expenses, ["campaigns"] = campaigns, ["researchTasks"] = research,
        };
    }

    private static readonly string[] Pages =
    [
        "portal", "portal?culture=en", "reports/monthly/2026-11/assessment.html", "reports/monthly/2026-11/assessment.en.html",
        "reports/monthly/2026-11/satisfaction-analysis.html", "reports/monthly/2026-11/satisfaction-analysis.en.html",
        "reports/monthly/2026-11/complaint-analysis.html", "reports/monthly/2026-11/complaint-analysis.en.html",
    ];

    [Fact]
    public async Task Markup_and_formulas_in_every_free_text_field_are_shown_as_text_and_run_nowhere()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        var token = timeout.Token;
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        app.UseKestrel();
        app.StartServer();
        using var client = app.CreateClient();
        foreach (var (kind, records) in Month())
        {
            using var content = new StringContent(JsonSerializer.Serialize(records), Encoding.UTF8, "application/json");
            using var post = await client.PostAsync($"/api/records/{kind}", content, token);
            var answer = await post.Content.ReadAsStringAsync(token);
            Assert.True(post.StatusCode == HttpStatusCode.OK && answer.Contains("\"rejected\":0", StringComparison.Ordinal), $"{kind}: {answer}");
        }

        using (var run = await client.PostAsync("/api/assessments/2026-11", null, token))
        {
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        }

        foreach (var page in Pages)
        {
            await using var rendered = await browser.OpenAsync(new Uri(client.BaseAddress!, "/api/" + page).ToString());
            var ran = await rendered.Page.EvaluateAsync<int?>("() => window.__xss ?? null");
            Assert.True(ran is null, $"{page}: a payload ran");
            Assert.Empty(rendered.Errors);
            Assert.Equal(0, await rendered.Page.Locator("body script, body img, body iframe, body svg[onload]").CountAsync());
            if (!page.StartsWith("portal", StringComparison.Ordinal))
            {
                var text = await rendered.Page.InnerTextAsync("body");
                Assert.True(Payloads.Take(4).Any(p => text.Contains(p, StringComparison.Ordinal)), $"{page}: no hostile value is shown, so the test proves nothing there");
            }
        }

        // The CSV export: every text cell that a spreadsheet would run is prefixed with ', numbers stay numbers.
        var csvText = await client.GetStringAsync("/api/reports/monthly/2026-11/assessment.csv", token);
        using var csv = new CsvParser(new StringReader(csvText.TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        var cells = new List<string>();
        while (csv.Read())
        {
            cells.AddRange(csv.Record!);
        }

        Assert.Contains(cells, c => c.StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        Assert.Contains(cells, c => c.StartsWith("'@SUM", StringComparison.Ordinal));
        Assert.Contains(cells, c => c.StartsWith("'+1+1", StringComparison.Ordinal));
        Assert.All(cells.Where(c => c.Length > 0 && "=+-@\t\r".Contains(c[0], StringComparison.Ordinal)),
            c => Assert.True(double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"cell {c} would run as a formula"));
    }
}
