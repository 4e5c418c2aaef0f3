using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Assessment;

/// <summary>
/// Periods that have not ended (CONTRACT §4): one not started is refused with 400; one running is assessed to date as
/// provisional, marked so in every report, the portal and the index, never announced, and superseded by the first final run.
/// </summary>
public sealed class ProvisionalTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static PipelineFactory App(AzuriteFixture azurite, TimeProvider clock, Dictionary<string, string?>? settings = null, ServiceBusSender? sender = null) =>
        new(azurite, settings)
        {
            TestServices = services =>
            {
                services.AddSingleton(clock);
                if (sender is not null)
                {
                    services.AddSingleton(sender);
                }
            },
        };

    private static async Task<JsonObject> RunAsync(HttpClient client, string period)
    {
        using var response = await client.PostAsync($"/api/assessments/{period}", null, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{period}: {response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    private static JsonNode Company(JsonObject result, string kpi) =>
        result["scopes"]!.AsArray().First(s => (string)s!["scope"]! == "company")!["kpis"]![kpi]!;

    private static async Task<string> TextAsync(HttpClient client, string path) => await client.GetStringAsync($"/api/reports/{path}", Token);

    [Theory]
    [InlineData("2027-04", "2027-04-01T00:00:00+08:00")]
    [InlineData("2027-Q2", "2027-04-01T00:00:00+08:00")]
    [InlineData("2028", "2028-01-01T00:00:00+08:00")]
    [InlineData("2030-01", "2030-01-01T00:00:00+08:00")]
    public async Task A_period_that_has_not_started_is_refused_saying_when_it_starts_and_nothing_is_published(string period, string starts)
    {
        using var app = new PipelineFactory(azurite); // now: PipelineFactory.DefaultNow, 2027-03-01 12:00 in Shanghai
        using var client = app.CreateClient();

        using var response = await client.PostAsync($"/api/assessments/{period}", null, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Token))!["detail"]!;
        Assert.Contains($"{period} has not started yet", detail);
        Assert.Contains($"it starts at {starts} (Asia/Shanghai", detail);
        Assert.Empty(await Tables.AllAsync(azurite, app.Prefix, "assessmentRuns"));
        using var latest = await client.GetAsync($"/api/assessments/{period}", Token);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>("/api/reports", Token))!);
    }

    [Theory]
    // Shanghai is UTC+8 all year: December 2026 runs from 2026-11-30T16:00Z to 2026-12-31T16:00Z.
    [InlineData("Asia/Shanghai", "2026-12", "2026-11-30T16:00:00Z", "2026-12-31T16:00:00Z")]
    [InlineData("Asia/Shanghai", "2026-Q4", "2026-09-30T16:00:00Z", "2026-12-31T16:00:00Z")]
    [InlineData("Asia/Shanghai", "2026", "2025-12-31T16:00:00Z", "2026-12-31T16:00:00Z")]
    // New York: November 2026 starts on daylight time (UTC−4; it ends at 02:00 on 1 November) and ends on standard time (UTC−5).
    [InlineData("America/New_York", "2026-11", "2026-11-01T04:00:00Z", "2026-12-01T05:00:00Z")]
    public async Task A_period_is_refused_until_its_first_instant_provisional_from_it_and_final_from_the_next_periods(
        string zone, string period, string start, string end)
    {
        var clock = new FakeTimeProvider(At(start) - TimeSpan.FromTicks(1));
        using var app = App(azurite, clock, new Dictionary<string, string?> { ["Pipeline:TimeZone"] = zone });
        using var client = app.CreateClient();

        using (var early = await client.PostAsync($"/api/assessments/{period}", null, Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        }

        clock.SetUtcNow(At(start));
        var running = await RunAsync(client, period);
        Assert.True((bool)running["provisional"]!);
        Assert.Equal(At(start), (DateTimeOffset)running["cutOff"]!);

        clock.SetUtcNow(At(end));
        var ended = await RunAsync(client, period);
        Assert.False((bool)ended["provisional"]!);
        Assert.Equal(At(end), (DateTimeOffset)ended["cutOff"]!); // Sla:GraceDays 0: the next period's first instant
    }

    [Fact]
    public async Task A_running_month_is_assessed_to_date_marked_in_every_report_never_announced_and_superseded_by_the_final_run()
    {
        var clock = new FakeTimeProvider(At("2026-12-15T04:00:00Z")); // 12:00 in Shanghai; in UTC, as the system clock reads
        var sender = new RecordingSender { Failing = true }; // a send tried would leave the event in the outbox
        using var app = App(azurite, clock, sender: sender);
        using var client = app.CreateClient();
        await PostAsync(client, "employees", """[{"id":"E1","name":"Li","department":"sales"},{"id":"E3","name":"Wang","department":"service"}]""");
        await PostAsync(client, "sales", """
            [{"id":"S-1","date":"2026-12-03","employeeId":"E1","customerId":"K1","product":"P1","amount":100},
             {"id":"S-2","date":"2026-12-15","employeeId":"E1","customerId":"K1","product":"P1","amount":20},
             {"id":"S-3","date":"2026-12-20","employeeId":"E1","customerId":"K1","product":"P1","amount":50}]
            """);
        await PostAsync(client, "complaints", """
            [{"id":"C-1","receivedAt":"2026-12-10T09:00:00+08:00","customerId":"K1","category":"service","handlerId":"E3","resolvedAt":"2026-12-14T09:00:00+08:00"},
             {"id":"C-2","receivedAt":"2026-12-12T09:00:00+08:00","customerId":"K1","category":"service","handlerId":"E3","resolvedAt":"2026-12-16T09:00:00+08:00"},
             {"id":"C-3","receivedAt":"2026-12-18T09:00:00+08:00","customerId":"K1","category":"service","handlerId":"E3","resolvedAt":"2026-12-19T09:00:00+08:00"}]
            """);
        await PostAsync(client, "researchTasks", """
            [{"id":"R-1","plannedDate":"2026-12-05","completedDate":"2026-12-15"},{"id":"R-2","plannedDate":"2026-12-28"}]
            """);

        // Month to date at 12:00 on 15 December: a sale dated today counts, one dated the 20th does not exist yet; a complaint
        // resolved tomorrow is unresolved now; a task completed today is completed, one planned for the 28th is not due yet.
        var provisional = await RunAsync(client, "2026-12");
        var runId = (string)provisional["runId"]!;
        Assert.True((bool)provisional["provisional"]!);
        Assert.Equal(At("2026-12-15T12:00:00+08:00"), (DateTimeOffset)provisional["cutOff"]!);
        Assert.Equal(120m, (decimal)Company(provisional, "salesAmount")["value"]!);
        Assert.Equal(2, (int)provisional["inputs"]!["sales"]!);
        Assert.Equal((1, 2), ((int)Company(provisional, "complaintResolutionRate")["numerator"]!, (int)Company(provisional, "complaintResolutionRate")["denominator"]!));
        Assert.Equal((1, 1), ((int)Company(provisional, "researchCompletionRate")["numerator"]!, (int)Company(provisional, "researchCompletionRate")["denominator"]!));

        // Never announced: no send tried, nothing kept in the outbox.
        Assert.Equal(0, sender.Attempts);
        Assert.Empty(await Tables.AllAsync(azurite, app.Prefix, "eventOutbox"));
        // Trends compare final results only: a provisional run writes no history.
        Assert.DoesNotContain(await Tables.AllAsync(azurite, app.Prefix, "assessmentHistory"), row => row.RowKey == "2026-12");

        // Marked in every report, in both languages.
        var latest = await client.GetFromJsonAsync<JsonObject>("/api/assessments/2026-12", Token);
        Assert.Equal((runId, true), ((string)latest!["runId"]!, (bool)latest["provisional"]!));
        Assert.True((bool)JsonNode.Parse(await TextAsync(client, "monthly/2026-12/assessment.json"))!["provisional"]!);
        foreach (var page in new[] { "assessment", "satisfaction-analysis", "complaint-analysis", "customer-analysis" })
        {
            var chinese = await TextAsync(client, $"monthly/2026-12/{page}.html");
            Assert.Contains("<div class=\"provisional\" role=\"note\" id=\"provisional\"><strong>暂定 · 月初至今</strong>", chinese);
            Assert.Contains("2026-12 尚未结束", chinese);
            Assert.Contains("截至 2026-12-15 12:00（Asia/Shanghai）", chinese);
            var english = await TextAsync(client, $"monthly/2026-12/{page}.en.html");
            Assert.Contains("<strong>Provisional · month to date</strong>", english);
            Assert.Contains("2026-12 has not ended", english);
            Assert.Contains("ends at 2027-01-01 00:00 supersedes it", english);
        }

        var csv = (await TextAsync(client, "monthly/2026-12/assessment.csv")).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("period,scope,", csv[0]);
        Assert.EndsWith(",award,provisional", csv[0].TrimEnd('\r'));
        Assert.All(csv.Skip(1), row => Assert.True(row.StartsWith("2026-12,", StringComparison.Ordinal) && row.TrimEnd('\r').EndsWith(",true", StringComparison.Ordinal), row));

        var workbook = await client.GetByteArrayAsync("/api/reports/monthly/2026-12/assessment.xlsx", Token);
        Assert.Equal("暂定", MiniExcel.GetSheetNames(new MemoryStream(workbook))[0]);
        var banner = MiniExcel.Query(new MemoryStream(workbook), sheetName: "暂定").Cast<IDictionary<string, object?>>().First();
        Assert.Equal("暂定 · 月初至今 · 2026-12", banner["A"]);
        using (var opened = new XLWorkbook(new MemoryStream(workbook)))
        {
            Assert.Equal(true, opened.CustomProperty("provisional").Value);
        }

        // Marked in the index, the report list and the portal.
        var entry = await IndexEntryAsync(client, "2026-12");
        Assert.Equal((runId, true), ((string)entry["runId"]!, (bool)entry["provisional"]!));
        Assert.All((await client.GetFromJsonAsync<JsonArray>("/api/reports?period=2026-12", Token))!, item => Assert.True((bool)item!["provisional"]!));
        var portal = await client.GetStringAsync("/api/portal", Token);
        Assert.Contains("<section id=\"p-2026-12\" class=\"provisional\"><h2>2026-12 · 月度<span class=\"badge\">暂定</span></h2>", portal);
        Assert.Contains("暂定结果（月初至今）", portal);
        Assert.Contains("Provisional (month to date), records up to 2026-12-15 04:00 UTC+00:00", await client.GetStringAsync("/api/portal?culture=en", Token));

        // December ends; the first final run counts the whole month, replaces the provisional result everywhere and is announced.
        clock.SetUtcNow(At("2026-12-31T18:05:00Z")); // 02:05 on 1 January in Shanghai
        sender.Failing = false;
        var final = await RunAsync(client, "2026-12");
        var finalRunId = (string)final["runId"]!;
        Assert.False((bool)final["provisional"]!);
        Assert.Equal(At("2027-01-01T00:00:00+08:00"), (DateTimeOffset)final["cutOff"]!);
        Assert.Equal(170m, (decimal)Company(final, "salesAmount")["value"]!);
        Assert.Equal((3, 3), ((int)Company(final, "complaintResolutionRate")["numerator"]!, (int)Company(final, "complaintResolutionRate")["denominator"]!));
        Assert.Equal((1, 2), ((int)Company(final, "researchCompletionRate")["numerator"]!, (int)Company(final, "researchCompletionRate")["denominator"]!));

        var message = Assert.Single(sender.Sent);
        Assert.Equal((finalRunId, "2026-12"), (message.MessageId, (string)message.ApplicationProperties["period"]));
        latest = await client.GetFromJsonAsync<JsonObject>("/api/assessments/2026-12", Token);
        Assert.Equal((finalRunId, false), ((string)latest!["runId"]!, (bool)latest["provisional"]!));
        Assert.DoesNotContain("class=\"provisional\"", await TextAsync(client, "monthly/2026-12/assessment.html"));
        Assert.DoesNotContain("Provisional", await TextAsync(client, "monthly/2026-12/assessment.en.html"));
        csv = (await TextAsync(client, "monthly/2026-12/assessment.csv")).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(csv.Skip(1), row => Assert.True(row.StartsWith("2026-12,", StringComparison.Ordinal) && row.TrimEnd('\r').EndsWith(",false", StringComparison.Ordinal), row));
        Assert.NotEqual("暂定", MiniExcel.GetSheetNames(new MemoryStream(await client.GetByteArrayAsync("/api/reports/monthly/2026-12/assessment.xlsx", Token)))[0]);
        entry = await IndexEntryAsync(client, "2026-12");
        Assert.Equal((finalRunId, false), ((string)entry["runId"]!, (bool)entry["provisional"]!));
        Assert.Equal([(finalRunId, false), (runId, true)],
            entry["runs"]!.AsArray().Select(r => ((string)r!["runId"]!, (bool)r["provisional"]!)).ToList());
        portal = await client.GetStringAsync("/api/portal", Token);
        Assert.Contains("<section id=\"p-2026-12\"><h2>2026-12 · 月度</h2>", portal);
        Assert.Contains(await Tables.AllAsync(azurite, app.Prefix, "assessmentHistory"), row => row.RowKey == "2026-12");
    }

    [Fact]
    public async Task A_provisional_run_never_replaces_a_final_result_of_the_same_period()
    {
        // One instant, 2026-12-31T20:00Z: 04:00 on 1 January in Shanghai (December has ended) and 12:00 on 31 December in Los
        // Angeles (it has not). Two instances that disagree like this — one still on an older Pipeline:TimeZone, or a clock
        // behind — must not let the provisional run replace the final one.
        var clock = new FakeTimeProvider(At("2026-12-31T20:00:00Z"));
        var prefix = AzuriteFixture.NewPrefix();
        var sender = new RecordingSender();
        using var shanghai = App(azurite, clock, new Dictionary<string, string?> { ["Storage:Prefix"] = prefix }, sender);
        using var losAngeles = App(azurite, clock, new Dictionary<string, string?> { ["Storage:Prefix"] = prefix, ["Pipeline:TimeZone"] = "America/Los_Angeles" }, sender);
        using var final = shanghai.CreateClient();
        using var behind = losAngeles.CreateClient();
        await PostAsync(final, "sales", """[{"id":"S-1","date":"2026-12-03","employeeId":"E1","customerId":"K1","product":"P1","amount":100}]""");

        var finalRunId = (string)(await RunAsync(final, "2026-12"))["runId"]!;
        var provisional = await RunAsync(behind, "2026-12");

        var runId = (string)provisional["runId"]!;
        Assert.True((bool)provisional["provisional"]!);
        // Its reports are its run's own files: the period's latest paths hold the final result.
        Assert.All(provisional["reports"]!.AsArray(), path => Assert.StartsWith($"runs/2026-12/{runId}/", (string)path!));
        Assert.True((bool)JsonNode.Parse(await TextAsync(behind, $"runs/2026-12/{runId}/assessment.json"))!["provisional"]!);
        foreach (var client in new[] { final, behind })
        {
            var latest = await client.GetFromJsonAsync<JsonObject>("/api/assessments/2026-12", Token);
            Assert.Equal((finalRunId, false), ((string)latest!["runId"]!, (bool)latest["provisional"]!));
        }

        foreach (var page in new[] { "assessment.html", "assessment.en.html", "complaint-analysis.html", "customer-analysis.en.html" })
        {
            var html = await TextAsync(behind, $"monthly/2026-12/{page}");
            Assert.Contains(finalRunId, html);
            Assert.DoesNotContain("class=\"provisional\"", html);
        }

        var csv = (await TextAsync(behind, "monthly/2026-12/assessment.csv")).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(csv.Skip(1), row => Assert.True(row.StartsWith("2026-12,", StringComparison.Ordinal) && row.TrimEnd('\r').EndsWith(",false", StringComparison.Ordinal), row));

        var entry = await IndexEntryAsync(behind, "2026-12");
        Assert.Equal((finalRunId, false), ((string)entry["runId"]!, (bool)entry["provisional"]!));
        Assert.Equal([(runId, true), (finalRunId, false)], entry["runs"]!.AsArray().Select(r => ((string)r!["runId"]!, (bool)r["provisional"]!)).ToList());
        Assert.Equal(finalRunId, Assert.Single(sender.Sent).MessageId);
    }

    private static async Task<JsonObject> IndexEntryAsync(HttpClient client, string period)
    {
        var index = JsonNode.Parse(await TextAsync(client, "index.json"))!;
        return index["periods"]!.AsArray().Single(p => (string)p!["period"]! == period)!.AsObject();
    }

    private static async Task PostAsync(HttpClient client, string kind, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"/api/records/{kind}", content, Token);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        Assert.True(response.StatusCode == HttpStatusCode.OK && (int)body["rejected"]! == 0, $"{kind}: {response.StatusCode} {body}");
    }
}
