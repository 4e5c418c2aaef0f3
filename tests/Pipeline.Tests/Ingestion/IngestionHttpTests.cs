using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Ingestion;

public sealed class IngestionHttpTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    private async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string kind, string body, string contentType, string query = "")
    {
        using var client = _app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync($"/api/records/{kind}{query}", content, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> PostJsonAsync(string kind, params object[] records) =>
        PostAsync(kind, JsonSerializer.Serialize(records), "application/json");

    private Task<List<Azure.Data.Tables.TableEntity>> StoredAsync(string kind) => Tables.AllAsync(azurite, _app.Prefix, kind);

    public static TheoryData<string> Kinds => new(Pipeline.Kpis.KpiCatalog.Kinds.Select(k => k.Name));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_valid_record_of_every_kind_is_stored_in_its_periods_partition(string kind)
    {
        var (status, body) = await PostJsonAsync(kind, Samples.Valid(kind));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((1, 1, 0, 0), ((int)body["received"]!, (int)body["accepted"]!, (int)body["stale"]!, (int)body["rejected"]!));
        var entity = Assert.Single(await StoredAsync(kind));
        var expectedPeriod = KpiCatalog.FindKind(kind)!.IsMasterData ? "all" : "2026-11";
        Assert.StartsWith(expectedPeriod + "~", entity.PartitionKey);
    }

    [Fact]
    public async Task The_response_lists_every_rejected_record_with_index_id_field_and_message()
    {
        var (status, body) = await PostJsonAsync("sales",
            Samples.Valid("sales"),
            Samples.Valid("sales").With("id", "S-2").With("amount", "abc"),
            Samples.Valid("sales").With("id", "S-3"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((3, 2, 1), ((int)body["received"]!, (int)body["accepted"]!, (int)body["rejected"]!));
        var error = Assert.Single(body["errors"]!.AsArray())!.AsObject();
        Assert.Equal(1, (int)error["index"]!);
        Assert.Equal("S-2", (string)error["id"]!);
        Assert.Equal("amount", (string)error["field"]!);
        Assert.False(error.ContainsKey("line"));
        Assert.Equal(2, (await StoredAsync("sales")).Count);
    }

    [Fact]
    public async Task Csv_errors_carry_the_line_and_amounts_are_stored_exactly()
    {
        const string csv = "id,date,employeeId,customerId,product,amount\n" +
                           "S-1,2026-11-01,E1,K1,P1,0.1\n" +
                           "S-2,2026-11-01,E1,K1,P1,not-a-number\n" +
                           "S-3,2026-11-02,E1,K1,P1,12345678901.23\n";
        var (status, body) = await PostAsync("sales", csv, "text/csv");

        Assert.Equal(HttpStatusCode.OK, status);
        var error = Assert.Single(body["errors"]!.AsArray())!.AsObject();
        Assert.Equal((1, 3, "S-2", "amount"), ((int)error["index"]!, (int)error["line"]!, (string)error["id"]!, (string)error["field"]!));
        var amounts = (await StoredAsync("sales")).ToDictionary(e => e.RowKey, e => e.GetString("amount"));
        Assert.Equal("0.1", amounts["S-1"]);
        Assert.Equal("12345678901.23", amounts["S-3"]);
    }

    [Fact]
    public async Task Ndjson_is_accepted_and_its_errors_carry_the_line()
    {
        var lines = string.Join("\n",
            JsonSerializer.Serialize(Samples.Valid("inquiries")),
            "",
            JsonSerializer.Serialize(Samples.Valid("inquiries").With("id", "Q-2").With("receivedAt", "2026-11-03T09:00:00")));
        var (status, body) = await PostAsync("inquiries", lines, "application/x-ndjson");

        Assert.Equal(HttpStatusCode.OK, status);
        var error = Assert.Single(body["errors"]!.AsArray())!.AsObject();
        Assert.Equal((1, 3, "receivedAt"), ((int)error["index"]!, (int)error["line"]!, (string)error["field"]!));
        Assert.Contains("offset", (string)error["message"]!);
    }

    [Fact]
    public async Task A_gb18030_csv_from_excel_is_stored_with_its_chinese_text()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("id,name,department,region\r\nE1,王芳,销售部,华东\r\n");
        using var client = _app.CreateClient();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("text/csv; charset=gb18030");
        using var response = await client.PostAsync("/api/records/employees", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = Assert.Single(await StoredAsync("employees"));
        Assert.Equal(("王芳", "销售部", "华东"), (stored.GetString("name"), stored.GetString("department"), stored.GetString("region")));
    }

    [Fact]
    public async Task Ten_thousand_records_are_stored_exactly_once_and_a_repost_doubles_nothing()
    {
        var records = Enumerable.Range(0, 10_000).Select(i => Samples.Valid("sales")
            .With("id", $"S-{i:D5}")
            .With("date", $"2026-{1 + (i % 12):D2}-{1 + (i % 28):D2}")
            .With("amount", $"{i}.25")).ToArray();
        var body = JsonSerializer.Serialize(records);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (status, first) = await PostAsync("sales", body, "application/json");
        var elapsed = watch.Elapsed;
        TestContext.Current.SendDiagnosticMessage($"10,000 sales posted in {elapsed.TotalSeconds:0.00} s ({10_000 / elapsed.TotalSeconds:0} records/s)");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(10_000, (int)first["accepted"]!);

        var (_, second) = await PostAsync("sales", body, "application/json");
        Assert.Equal((10_000, 0, 0), ((int)second["accepted"]!, (int)second["stale"]!, (int)second["rejected"]!));

        var stored = await StoredAsync("sales");
        Assert.Equal(10_000, stored.Count);
        Assert.Equal(10_000, stored.Select(e => e.RowKey).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 10_000).Sum(i => i + 0.25m), stored.Sum(e => decimal.Parse(e.GetString("amount"), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task An_older_update_is_ignored_as_stale_and_an_equal_or_newer_one_replaces()
    {
        var newer = Samples.Valid("complaints").With("updatedAt", "2026-11-05T10:00:00+08:00").With("resolvedAt", "2026-11-05T09:00:00+08:00");
        var older = Samples.Valid("complaints").With("updatedAt", "2026-11-04T10:00:00+08:00");
        Assert.Equal(1, (int)(await PostJsonAsync("complaints", newer)).Body["accepted"]!);

        var (status, body) = await PostJsonAsync("complaints", older);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0, 1, 0), ((int)body["accepted"]!, (int)body["stale"]!, (int)body["rejected"]!));
        Assert.NotNull(Assert.Single(await StoredAsync("complaints")).GetDateTimeOffset("resolvedAt"));

        var sameTime = newer.With("resolvedAt", null).With("handlerId", "E7");
        Assert.Equal(1, (int)(await PostJsonAsync("complaints", sameTime)).Body["accepted"]!);
        var stored = Assert.Single(await StoredAsync("complaints"));
        Assert.Equal("E7", stored.GetString("handlerId"));
        Assert.Null(stored.GetDateTimeOffset("resolvedAt"));
    }

    [Fact]
    public async Task Within_one_post_an_older_version_after_a_newer_one_is_stale()
    {
        var (_, body) = await PostJsonAsync("serviceTickets",
            Samples.Valid("serviceTickets").With("updatedAt", "2026-11-05T10:00:00Z").With("qualityCheck", "pass"),
            Samples.Valid("serviceTickets").With("updatedAt", "2026-11-04T10:00:00Z").With("qualityCheck", "fail"));

        Assert.Equal((1, 1), ((int)body["accepted"]!, (int)body["stale"]!));
        Assert.Equal("pass", Assert.Single(await StoredAsync("serviceTickets")).GetString("qualityCheck"));
    }

    [Fact]
    public async Task An_atomic_post_with_one_bad_record_stores_nothing()
    {
        var records = Enumerable.Range(0, 150).Select(i => (object)Samples.Valid("expenses").With("id", $"X-{i}")).ToList();
        records.Add(Samples.Valid("expenses").With("id", "X-bad").With("amount", "-3"));
        var (status, body) = await PostAsync("expenses", JsonSerializer.Serialize(records), "application/json", "?atomic=true");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal((151, 1), ((int)body["received"]!, (int)body["rejected"]!));
        Assert.Equal("X-bad", (string)body["errors"]![0]!["id"]!);
        Assert.Empty(await StoredAsync("expenses"));

        records.RemoveAt(records.Count - 1);
        var (okStatus, _) = await PostAsync("expenses", JsonSerializer.Serialize(records), "application/json", "?atomic=true");
        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(150, (await StoredAsync("expenses")).Count);
    }

    [Fact]
    public async Task A_sale_moved_to_another_month_is_found_only_in_the_new_one()
    {
        await PostJsonAsync("sales", Samples.Valid("sales").With("date", "2026-11-30"));
        await PostJsonAsync("sales", Samples.Valid("sales").With("date", "2026-12-01"));

        var stored = Assert.Single(await StoredAsync("sales"));
        Assert.StartsWith("2026-12~", stored.PartitionKey);
        Assert.Equal("2026-12-01", stored.GetString("date"));
    }

    [Fact]
    public async Task A_complaint_moved_across_a_month_end_by_its_offset_leaves_nothing_behind()
    {
        // 23:30 in Shanghai on 30 November, then corrected to 00:30 on 1 December (16:30Z).
        await PostJsonAsync("complaints", Samples.Valid("complaints").With("receivedAt", "2026-11-30T23:30:00+08:00"));
        await PostJsonAsync("complaints", Samples.Valid("complaints").With("receivedAt", "2026-11-30T16:30:00Z"));
        await PostJsonAsync("complaints", Samples.Valid("complaints").With("receivedAt", "2026-11-30T16:30:00Z"));

        var stored = Assert.Single(await StoredAsync("complaints"));
        Assert.StartsWith("2026-12~", stored.PartitionKey);
    }

    [Fact]
    public async Task A_target_is_identified_by_period_scope_and_scope_id()
    {
        await PostJsonAsync("targets", Samples.Valid("targets"));
        await PostJsonAsync("targets", Samples.Valid("targets").With("salesAmount", "20000"));
        await PostJsonAsync("targets", Samples.Valid("targets").With("period", "2026-12"));

        var stored = await StoredAsync("targets");
        Assert.Equal(2, stored.Count);
        Assert.Equal("20000", stored.Single(e => e.GetString("period") == "2026-11").GetString("salesAmount"));
        Assert.Contains(stored, e => e.GetString("id") == "2026-11:employee:E1");
    }

    [Fact]
    public async Task A_target_whose_scope_id_holds_characters_tables_forbid_is_stored()
    {
        var (status, body) = await PostJsonAsync("targets", Samples.Valid("targets").With("scope", "region").With("scopeId", "华东/上海#1"));
        Assert.Equal((HttpStatusCode.OK, 1), (status, (int)body["accepted"]!));
        Assert.Equal("2026-11:region:华东/上海#1", Assert.Single(await StoredAsync("targets")).GetString("id"));
    }

    [Theory]
    [InlineData("bogus", "application/json", "[]", 404)]
    [InlineData("sales", "text/plain", "[]", 415)]
    [InlineData("sales", "application/json", "[{\"id\":", 400)]
    [InlineData("sales", "application/json", "42", 400)]
    public async Task Bad_requests_answer_with_problem_json(string kind, string contentType, string body, int expected)
    {
        using var client = _app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PostAsync($"/api/records/{kind}", content, TestContext.Current.CancellationToken);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem!["detail"]));
    }
}
