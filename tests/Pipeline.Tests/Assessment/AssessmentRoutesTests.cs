using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Kpis;
using Pipeline.Tests.Infrastructure;
using Pipeline.Runs;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Assessment;

public sealed class AssessmentRoutesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_period_never_assessed_is_404_and_a_bad_period_400()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        using var missing = await client.GetAsync("/api/assessments/2026-11", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var bad = await client.PostAsync("/api/assessments/2026-13", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task An_empty_month_gives_the_company_with_every_kpi_zero_or_null()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        using var run = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var result = JsonNode.Parse(await run.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();

        var company = Assert.Single(result["scopes"]!.AsArray())!.AsObject();
        Assert.Equal(("company", "company"), ((string)company["scope"]!, (string)company["id"]!));
        var kpis = company["kpis"]!.AsObject();
        Assert.Equal(KpiCatalog.KpiNames, kpis.Select(k => k.Key));
        Assert.All(kpis, k => Assert.DoesNotContain(k.Value!.AsObject(), p => p.Key is "number" or "observations"));
        Assert.Equal(0, (decimal)kpis["salesAmount"]!["value"]!);
        Assert.True(kpis["salesCompletionRate"]!.AsObject().ContainsKey("value"));
        Assert.Null(kpis["salesCompletionRate"]!["value"]);
        Assert.Null(kpis["satisfactionIndex"]!["value"]);
        Assert.Null(kpis["complaintResolutionRate"]!["ciLow"]);
        Assert.Null(company["score"]);
        Assert.Contains("monthly/2026-11/assessment.json", result["reports"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(0, (int)result["inputs"]!["sales"]!);
    }

    [Fact]
    public async Task A_run_slower_than_the_sync_timeout_answers_202_with_where_to_look()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Assessment:SyncTimeoutSeconds"] = "0" });
        using var client = app.CreateClient();
        await client.PostAsync("/api/records/sales", new StringContent(
            """[{"id":"S-1","date":"2026-11-03","employeeId":"E1","customerId":"K1","product":"P1","amount":100}]""", Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        using var run = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var location = run.Headers.Location!.ToString();
        Assert.StartsWith("/api/assessments/2026-11?runId=", location);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage response;
        do
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            response = await client.GetAsync(location, TestContext.Current.CancellationToken);
        }
        while (response.StatusCode == HttpStatusCode.Accepted && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.Equal(100, (decimal)result!["scopes"]![0]!["kpis"]!["salesAmount"]!["value"]!);
        Assert.Equal(location.Split("runId=")[1], (string)result["runId"]!);
    }

    [Fact]
    public async Task Each_scope_keeps_a_history_row_per_period_read_back_in_one_query()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        foreach (var (month, amount) in new[] { ("2026-09", 10), ("2026-10", 20), ("2026-11", 30) })
        {
            await client.PostAsync("/api/records/sales", new StringContent(
                $$"""[{"id":"S-{{month}}","date":"{{month}}-03","employeeId":"E1","customerId":"K1","product":"P1","amount":{{amount}}}]""",
                Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            using var run = await client.PostAsync($"/api/assessments/{month}", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        }

        var store = (Pipeline.Runs.AssessmentStore)app.Services.GetService(typeof(Pipeline.Runs.AssessmentStore))!;
        var history = await store.HistoryAsync("employee", "E1", Pipeline.Time.Period.Parse("2025-12"), Pipeline.Time.Period.Parse("2026-11"),
            TestContext.Current.CancellationToken);
        Assert.Equal(["2026-09", "2026-10", "2026-11"], history.Select(h => h.Period));
        Assert.Equal([10m, 20m, 30m], history.Select(h => (decimal)JsonNode.Parse(h.Kpis)!["salesAmount"]!["value"]!));
    }
}
