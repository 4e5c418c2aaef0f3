using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions;
using Pipeline.Ingestion;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;

namespace Pipeline.Tests.Operations;

/// <summary>
/// <c>POST /api/queues/ingest-poison/replay</c> (CONTRACT §4) against Azurite: poison messages go back to <c>ingest</c> as
/// their original text, all or those whose error matches, in both hostings; what the runbook tells an operator to do.
/// </summary>
public sealed class PoisonReplayTests(AzuriteFixture azurite)
{
    private QueueClient Queue(PipelineFactory app, string name) =>
        new(azurite.ConnectionString, app.Prefix + name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    private static string Sales(string id) => JsonSerializer.Serialize(new { kind = "sales", records = new[] { Samples.Valid("sales").With("id", id) } });

    // What the pipeline itself writes to ingest-poison (QueueIngestion): the envelope of CONTRACT §5.
    private async Task PoisonAsync(PipelineFactory app, string error, string original)
    {
        var poison = Queue(app, "ingest-poison");
        await poison.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        await poison.SendMessageAsync(JsonSerializer.Serialize(new { error, dequeueCount = 5, failedAt = DateTimeOffset.UtcNow, message = original }),
            TestContext.Current.CancellationToken);
    }

    private async Task<List<string>> TextsAsync(PipelineFactory app, string name)
    {
        var queue = Queue(app, name);
        if (!await queue.ExistsAsync(TestContext.Current.CancellationToken))
        {
            return [];
        }

        var peeked = await queue.PeekMessagesAsync(32, TestContext.Current.CancellationToken);
        return peeked.Value.Select(m => m.MessageText).Order(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Replay_with_errorContains_sends_back_only_the_matching_messages_as_their_original_text()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Pipeline:ApiKey"] = "k3y" });
        using var client = app.CreateClient();
        await PoisonAsync(app, "storage failed on attempt 5 of 5: 503 ServerBusy", Sales("S-1"));
        await PoisonAsync(app, "storage failed on attempt 5 of 5: connection refused", Sales("S-2"));
        await PoisonAsync(app, "unknown record kind 'bogus'", "{\"kind\":\"bogus\",\"records\":[]}");

        using (var refused = await client.PostAsync("/api/queues/ingest-poison/replay", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // The runbook's command: curl -X POST "$APP/api/queues/ingest-poison/replay?errorContains=storage%20failed" -H "x-functions-key: $KEY"
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/queues/ingest-poison/replay?errorContains=storage%20failed");
        request.Headers.Add("x-functions-key", "k3y");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal((2, 1), ((int)body["replayed"]!, (int)body["left"]!));
        Assert.Equal([Sales("S-1"), Sales("S-2")], await TextsAsync(app, "ingest"));
        var left = Assert.Single(await TextsAsync(app, "ingest-poison"));
        Assert.Contains("bogus", left);
    }

    [Fact]
    public async Task Replay_without_a_filter_sends_back_everything_and_an_empty_or_missing_poison_queue_replays_nothing()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        using (var none = await client.PostAsync("/api/queues/ingest-poison/replay", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal("{\"replayed\":0,\"left\":0}", await none.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        await PoisonAsync(app, "storage failed", Sales("S-3"));
        var hostPoisoned = Queue(app, "ingest-poison"); // a message the host moved itself carries no envelope: replayed as it is
        await hostPoisoned.SendMessageAsync(Sales("S-4"), TestContext.Current.CancellationToken);

        using var response = await client.PostAsync("/api/queues/ingest-poison/replay", null, TestContext.Current.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal((2, 0), ((int)body["replayed"]!, (int)body["left"]!));
        Assert.Equal([Sales("S-3"), Sales("S-4")], await TextsAsync(app, "ingest"));
    }

    [Fact]
    public async Task The_worker_function_replays_like_the_route()
    {
        using var app = new PipelineFactory(azurite);
        await PoisonAsync(app, "storage failed on attempt 5 of 5", Sales("S-5"));
        await PoisonAsync(app, "message is not JSON", "garbage");
        var function = new QueuesFunctions(app.Services.GetRequiredService<PoisonReplay>());
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Request.Method = "POST";
        context.Request.QueryString = new QueryString("?errorContains=STORAGE");
        context.Response.Body = new MemoryStream();

        var result = await function.ReplayAsync(context.Request, TestContext.Current.CancellationToken);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal((1, 1), (body.GetProperty("replayed").GetInt32(), body.GetProperty("left").GetInt32()));
        Assert.Equal([Sales("S-5")], await TextsAsync(app, "ingest"));
    }

    [Fact]
    public async Task A_replayed_message_is_ingested_by_the_queue_trigger_once_its_cause_is_fixed()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Triggers:Enabled"] = "true" });
        using var client = app.CreateClient(); // starts the WebJobs host and its queue listener
        await PoisonAsync(app, "storage failed on attempt 5 of 5: connection refused", Sales("S-6"));

        using var response = await client.PostAsync("/api/queues/ingest-poison/replay", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<Azure.Data.Tables.TableEntity> rows;
        while ((rows = await Tables.AllAsync(azurite, app.Prefix, "sales")).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Equal("S-6", Assert.Single(rows).RowKey);
        Assert.Empty(await TextsAsync(app, "ingest-poison"));
    }

    [Fact]
    public async Task An_overlong_filter_is_refused_with_a_problem()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        using var response = await client.PostAsync($"/api/queues/ingest-poison/replay?errorContains={new string('x', 1001)}", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
