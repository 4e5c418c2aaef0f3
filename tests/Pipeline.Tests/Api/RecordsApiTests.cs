using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Functions;
using Pipeline.Ingestion;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Api;

/// <summary>The records API (CONTRACT §4): read back, page through and delete what was stored, against Azurite.</summary>
public sealed class RecordsApiTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stored_record_reads_back_with_contract_names_and_defaults_filled_in()
    {
        using var client = _app.CreateClient();
        using var post = await client.PostAsync("/api/records/complaints",
            Json(new[] { new { id = "C-1", receivedAt = "2026-11-03T09:15:00+08:00", customerId = "K1", category = "service", handlerId = "E1" } }), Token);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        var record = await client.GetFromJsonAsync<JsonObject>("/api/records/complaints/C-1", Token);
        Assert.Equal("C-1", (string)record!["id"]!);
        Assert.Equal("2026-11-03T01:15:00Z", (string)record["receivedAt"]!); // stored as the instant, in UTC
        Assert.Equal(("normal", "service"), ((string)record["severity"]!, (string)record["department"]!));
        Assert.False(record.ContainsKey("resolvedAt"));

        using var missing = await client.GetAsync("/api/records/complaints/C-404", Token);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        using var unknown = await client.GetAsync("/api/records/nothing/C-1", Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Targets_read_back_by_their_derived_id_and_master_data_without_a_period()
    {
        using var client = _app.CreateClient();
        (await client.PostAsync("/api/records/targets", Json(new[] { new { period = "2026-11", scope = "department", scopeId = "sales", salesAmount = "1000.50" } }), Token)).Dispose();
        (await client.PostAsync("/api/records/employees", Json(new[] { new { id = "E1", name = "张三", department = "sales" } }), Token)).Dispose();

        var target = await client.GetFromJsonAsync<JsonObject>("/api/records/targets/2026-11:department:sales", Token);
        Assert.Equal(1000.50m, (decimal)target!["salesAmount"]!);
        var employees = await client.GetFromJsonAsync<JsonObject>("/api/records/employees", Token);
        var employee = Assert.Single(employees!["records"]!.AsArray())!.AsObject();
        Assert.Equal(("E1", "rep", true), ((string)employee["id"]!, (string)employee["role"]!, (bool)employee["active"]!));
        Assert.Null(employees["next"]);

        using var withPeriod = await client.GetAsync("/api/records/employees?period=2026-11", Token);
        Assert.Equal(HttpStatusCode.BadRequest, withPeriod.StatusCode);
        using var withoutPeriod = await client.GetAsync("/api/records/sales", Token);
        Assert.Equal(HttpStatusCode.BadRequest, withoutPeriod.StatusCode);
        using var badToken = await client.GetAsync("/api/records/sales?period=2026-11&continuation=nonsense", Token);
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
    }

    [Fact]
    public async Task A_period_pages_by_a_thousand_in_a_stated_order_and_a_quarter_spans_its_months()
    {
        using var client = _app.CreateClient();
        var sales = Enumerable.Range(0, 1_250).Select(i => new
        {
            id = $"S-{i:D4}", date = i % 6 == 0 ? "2026-10-15" : "2026-11-15", employeeId = "E1", customerId = "K1", product = "P1", amount = "1",
        }).ToArray();
        (await client.PostAsync("/api/records/sales", Json(sales), Token)).Dispose();

        var seen = new List<string>();
        var link = "/api/records/sales?period=2026-11";
        var pages = 0;
        while (link is not null)
        {
            var page = await client.GetFromJsonAsync<JsonObject>(link, Token);
            var records = page!["records"]!.AsArray();
            Assert.True(records.Count <= 1000);
            seen.AddRange(records.Select(r => (string)r!["id"]!));
            link = (string?)page["next"];
            pages++;
        }

        Assert.Equal(2, pages);
        Assert.Equal(sales.Where(s => s.date.StartsWith("2026-11", StringComparison.Ordinal)).Select(s => s.id).Order(StringComparer.Ordinal),
            seen.Order(StringComparer.Ordinal)); // the 1,041 of November, each once

        var quarter = new List<string>();
        for (var next = "/api/records/sales?period=2026-Q4"; next is not null;)
        {
            var page = await client.GetFromJsonAsync<JsonObject>(next, Token);
            quarter.AddRange(page!["records"]!.AsArray().Select(r => (string)r!["id"]!));
            next = (string?)page["next"];
        }

        Assert.Equal(1_250, quarter.Distinct().Count());
    }

    [Fact]
    public async Task A_deleted_sale_is_no_longer_counted_and_comes_back_only_if_sent_again()
    {
        using var client = _app.CreateClient();
        var sales = new[]
        {
            new { id = "S-1", date = "2026-11-10", employeeId = "E1", customerId = "K1", product = "P1", amount = "100.25" },
            new { id = "S-2", date = "2026-11-11", employeeId = "E1", customerId = "K1", product = "P1", amount = "50" },
        };
        (await client.PostAsync("/api/records/sales", Json(sales), Token)).Dispose();
        Assert.Equal(150.25m, await SalesAmountAsync(client));

        using (var deleted = await client.DeleteAsync("/api/records/sales/S-1", Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var again = await client.DeleteAsync("/api/records/sales/S-1", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using (var gone = await client.GetAsync("/api/records/sales/S-1", Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Equal(50m, await SalesAmountAsync(client));
        Assert.DoesNotContain(await Tables.AllAsync(azurite, _app.Prefix, "recordIndex"), e => e.RowKey == "S-1");

        (await client.PostAsync("/api/records/sales", Json(new[] { sales[0] }), Token)).Dispose();
        Assert.Equal(150.25m, await SalesAmountAsync(client));
    }

    [Fact]
    public async Task The_worker_functions_read_back_list_and_delete_like_the_routes()
    {
        using var client = _app.CreateClient();
        (await client.PostAsync("/api/records/visits",
            Json(new[] { new { id = "VI-1", date = "2026-11-10", employeeId = "E1", customerId = "K1", type = "returnVisit", opinions = 2 } }), Token)).Dispose();
        var services = _app.Services;
        var functions = new RecordsFunctions(services.GetRequiredService<IngestionService>(), services.GetRequiredService<IOptions<IngestOptions>>(),
            services.GetRequiredService<StorageHealth>(), services.GetRequiredService<StoredRecords>());

        var (status, body) = await ExecuteAsync(services, c => functions.GetAsync(c.Request, "visits", "VI-1", Token));
        Assert.Equal((StatusCodes.Status200OK, "returnVisit"), (status, body.GetProperty("type").GetString()));

        (status, body) = await ExecuteAsync(services, c => functions.ListAsync(c.Request, "visits", Token), "?period=2026-11");
        Assert.Equal((StatusCodes.Status200OK, 1), (status, body.GetProperty("records").GetArrayLength()));

        (status, _) = await ExecuteAsync(services, c => functions.DeleteAsync(c.Request, "visits", "VI-1", Token));
        Assert.Equal(StatusCodes.Status204NoContent, status);
        (status, _) = await ExecuteAsync(services, c => functions.GetAsync(c.Request, "visits", "VI-1", Token));
        Assert.Equal(StatusCodes.Status404NotFound, status);
    }

    private static async Task<(int Status, JsonElement Body)> ExecuteAsync(IServiceProvider services, Func<HttpContext, Task<IResult>> call, string query = "")
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        var result = await call(context);
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length > 0 ? JsonDocument.Parse(context.Response.Body).RootElement : default;
        return (context.Response.StatusCode, body);
    }

    private static async Task<decimal> SalesAmountAsync(HttpClient client)
    {
        using var run = await client.PostAsync("/api/assessments/2026-11", null, Token);
        var result = JsonNode.Parse(await run.Content.ReadAsStringAsync(Token))!;
        var company = result["scopes"]!.AsArray().First(s => (string)s!["id"]! == "company")!;
        return (decimal)company["kpis"]!["salesAmount"]!["value"]!;
    }
}
