using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Assessment;

/// <summary>
/// Receivables through the app against Azurite: the run reads the year of receivables before the cut-off from storage
/// (months the period itself does not hold), counts only the period's as its records, and alerts on the guarantor.
/// </summary>
public sealed class ReceivablesHttpTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task November_reads_the_year_before_its_cut_off_from_storage_and_counts_only_its_own_receivables()
    {
        using var client = _app.CreateClient();
        const string csv = """
            id,customerId,invoiceDate,dueDate,amount,paidAmount,paidAt,employeeId,guarantorId,guaranteeAmount
            RC-NOV,K1,2026-10-10,2026-11-10,1000,400,2026-11-20,E1,,
            RC-AUG,K1,2026-07-20,2026-08-20,2000,,,E1,M1,1500
            RC-JAN,K2,2025-12-15,2026-01-15,800,,,E1,,
            RC-DEC25,K2,2025-11-01,2025-12-01,300,,,E1,,
            RC-NOV25,K2,2025-10-01,2025-11-30,5000,,,E1,,
            """;
        using (var content = new StringContent(csv, Encoding.UTF8, "text/csv"))
        {
            using var posted = await client.PostAsync("/api/records/receivables", content, TestContext.Current.CancellationToken);
            var body = await posted.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
            Assert.True(posted.StatusCode == HttpStatusCode.OK && (int)body!["accepted"]! == 5, body?.ToJsonString());
        }

        using (var employees = JsonContent.Create(new[]
               {
                   new { id = "E1", name = "Rep", department = "sales", region = "east" },
                   new { id = "M1", name = "Area manager", department = "sales", region = "north" },
               }))
        {
            using var posted = await client.PostAsync("/api/records/employees", employees, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        using var run = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var result = (await run.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        JsonNode Kpi(string id, string kpi) => result["scopes"]!.AsArray().First(s => (string)s!["id"]! == id)!["kpis"]![kpi]!;

        Assert.Equal(1, (int)result["inputs"]!["receivables"]!); // only RC-NOV is due in November
        Assert.Equal(1000m, (decimal)Kpi("company", "receivablesDue")["value"]!);
        Assert.Equal(0.4, (double)Kpi("company", "collectionRate")["value"]!);

        // Overdue at 2026-12-01: RC-NOV 600 (21 days), RC-AUG 2000 (103 days), RC-JAN 800 (320 days), RC-DEC25 300 (365 days);
        // RC-NOV25 is 366 days old and out of the look-back.
        var overdue = Kpi("company", "overdueReceivables");
        Assert.Equal((3700m, 4), ((decimal)overdue["value"]!, (int)overdue["count"]!));
        Assert.Equal((600m, 0m, 3100m), ((decimal)overdue["byAge"]!["1-30"]!, (decimal)overdue["byAge"]!["31-90"]!, (decimal)overdue["byAge"]!["91+"]!));

        // RC-AUG: due 2026-08-20 + 91 days = 2026-11-19, unpaid: min(1500, 2000) deducted from M1, who is alerted.
        Assert.Equal(1500m, (decimal)Kpi("M1", "guaranteeDeductions")["value"]!);
        Assert.Equal(0m, (decimal)Kpi("E1", "guaranteeDeductions")["value"]!);
        var alert = result["alerts"]!.AsArray().Single(a => (string)a!["kpi"]! == "guaranteeDeductions")!;
        Assert.Equal(("employee", "M1"), ((string)alert["scope"]!, (string)alert["id"]!));
        Assert.Equal(["RC-AUG"], alert["records"]!.AsArray().Select(r => (string)r!));

        // The deduction is in the published report, in both languages.
        var html = await client.GetStringAsync("/api/reports/monthly/2026-11/assessment.en.html", TestContext.Current.CancellationToken);
        Assert.Contains("Guarantee deductions", html);
        Assert.Contains("RC-AUG", html);
    }
}
