using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Assessment;

/// <summary>A quarter is assessed over HTTP from its three months' records (CONTRACT §1, §3): sums add up exactly, rates are Σnumerators / Σdenominators.</summary>
public sealed class QuarterTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_quarter_is_the_sum_of_its_months_and_is_published_under_quarterly()
    {
        using var client = _app.CreateClient();
        await AssessmentHttpTests.PostAllAsync(client, MixedMonth.Generate(20261124));

        var months = new List<JsonObject>();
        foreach (var month in new[] { "2026-10", "2026-11", "2026-12" })
        {
            months.Add(await RunAsync(client, month));
        }

        var quarter = await RunAsync(client, "2026-Q4");
        // The clock reads 2027-03-01 (PipelineFactory.DefaultNow): December and the quarter have ended, so the run is final.
        Assert.Equal(("quarterly", "2026-Q3", false), ((string)quarter["kind"]!, (string)quarter["comparedWith"]!, (bool)quarter["provisional"]!));
        Assert.Contains("quarterly/2026-Q4/assessment.html", quarter["reports"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(months.Sum(m => (long)m["inputs"]!["sales"]!), (long)quarter["inputs"]!["sales"]!);

        JsonNode Company(JsonObject result, string kpi) => result["scopes"]!.AsArray().First(s => (string)s!["id"]! == "company")!["kpis"]![kpi]!;
        Assert.Equal(months.Sum(m => (decimal)Company(m, "salesAmount")["value"]!), (decimal)Company(quarter, "salesAmount")["value"]!);
        Assert.Equal(months.Sum(m => (long)Company(m, "complaintsReceived")["value"]!), (long)Company(quarter, "complaintsReceived")["value"]!);
        // A rate that does not depend on the cut-off adds up: Σ numerators / Σ denominators, never a mean of monthly rates.
        var timely = months.Sum(m => (long)Company(m, "complaintTimelyResponseRate")["numerator"]!);
        var received = months.Sum(m => (long)Company(m, "complaintTimelyResponseRate")["denominator"]!);
        var rate = Company(quarter, "complaintTimelyResponseRate");
        Assert.Equal((timely, received), ((long)rate["numerator"]!, (long)rate["denominator"]!));
        Assert.True(received > 0);

        // Resolution is counted against the quarter's cut-off: an October complaint resolved in November counts for the
        // quarter but not for October, so the quarter resolves at least what its months did.
        var resolved = months.Sum(m => (long)Company(m, "complaintResolutionRate")["numerator"]!);
        var quarterResolution = Company(quarter, "complaintResolutionRate");
        Assert.Equal(received, (long)quarterResolution["denominator"]!);
        Assert.True((long)quarterResolution["numerator"]! >= resolved);

        var latest = await client.GetFromJsonAsync<JsonObject>("/api/assessments/2026-Q4", TestContext.Current.CancellationToken);
        Assert.Equal((string)quarter["runId"]!, (string)latest!["runId"]!);
        var index = await client.GetFromJsonAsync<JsonArray>("/api/reports?period=2026-Q4", TestContext.Current.CancellationToken);
        Assert.NotEmpty(index!);
    }

    private static async Task<JsonObject> RunAsync(HttpClient client, string period)
    {
        using var response = await client.PostAsync($"/api/assessments/{period}", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }
}
