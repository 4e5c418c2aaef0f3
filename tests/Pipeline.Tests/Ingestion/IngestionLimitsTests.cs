using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;

namespace Pipeline.Tests.Ingestion;

public sealed class IngestionLimitsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_body_over_the_setting_answers_413_whether_or_not_its_length_is_declared()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Ingest:MaxBodyBytes"] = "1000" });
        using var client = app.CreateClient();
        var body = JsonSerializer.Serialize(Enumerable.Range(0, 20).Select(i => Samples.Valid("sales").With("id", $"S-{i}")));
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1000);

        using var declared = new StringContent(body, Encoding.UTF8, "application/json");
        using var declaredResponse = await client.PostAsync("/api/records/sales", declared, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declaredResponse.StatusCode);
        Assert.Equal("application/problem+json", declaredResponse.Content.Headers.ContentType?.MediaType);

        using var chunked = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new("application/json");
        using var chunkedResponse = await client.PostAsync("/api/records/sales", chunked, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResponse.StatusCode);
        Assert.Empty(await Tables.AllAsync(azurite, app.Prefix, "sales"));
    }

    [Fact]
    public async Task A_body_above_kestrels_default_limit_but_within_32_MiB_is_accepted_by_a_real_server()
    {
        // Kestrel refuses bodies over 30,000,000 bytes unless told otherwise; the contract allows 32 MiB.
        // A free port chosen by Kestrel itself: letting the factory rewrite the addresses races the app's own start.
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        app.UseKestrel();
        app.StartServer();
        using var client = app.CreateClient();
        var padding = new string('x', 31_000_000);
        var body = JsonSerializer.Serialize(new[] { Samples.Valid("sales").With("padding", padding) });
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 30_000_001, 32 * 1024 * 1024);

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/records/sales", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var tooLarge = new string('x', (32 * 1024 * 1024) + 1);
        using var over = new StringContent(tooLarge, Encoding.UTF8, "application/json");
        using var overResponse = await client.PostAsync("/api/records/sales", over, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overResponse.StatusCode);
    }

    [Fact]
    public async Task With_an_api_key_set_every_route_but_health_requires_it()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Pipeline:ApiKey"] = "s3cret" });
        using var client = app.CreateClient();
        var body = JsonSerializer.Serialize(Samples.Valid("sales"));

        using var anonymous = await client.PostAsync("/api/records/sales", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/records/sales") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", "s3cret");
        using var keyed = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);

        using var health = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Storage_that_cannot_be_reached_answers_503_with_a_problem_not_a_500()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.WithTablesDown() });
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/records/sales",
            new StringContent(JsonSerializer.Serialize(Samples.Valid("sales")), Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("safe", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
