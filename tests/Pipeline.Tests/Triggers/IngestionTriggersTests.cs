using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;
using Pipeline.Ingestion;

namespace Pipeline.Tests.Triggers;

/// <summary>The queue and blob functions called with what the worker hands them, against Azurite.</summary>
public sealed class IngestionTriggersTests(AzuriteFixture azurite)
{
    private static IngestionTriggers Functions(PipelineFactory app) =>
        new(app.Services.GetRequiredService<QueueIngestion>(), app.Services.GetRequiredService<BlobIngestion>());

    private QueueClient Poison(PipelineFactory app) =>
        new(azurite.ConnectionString, app.Prefix + "ingest-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    private async Task<List<JsonObject>> PoisonMessagesAsync(PipelineFactory app)
    {
        var queue = Poison(app);
        if (!await queue.ExistsAsync(TestContext.Current.CancellationToken))
        {
            return [];
        }

        var messages = await queue.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken);
        return messages.Value.Select(m => JsonNode.Parse(m.MessageText)!.AsObject()).ToList();
    }

    private static string Message(string kind, params object[] records) => JsonSerializer.Serialize(new { kind, records });

    [Fact]
    public async Task A_queue_message_is_ingested_like_a_post_and_its_rejected_records_are_kept_for_the_operator()
    {
        using var app = new PipelineFactory(azurite);
        await Functions(app).IngestQueueAsync(
            Message("sales", Samples.Valid("sales"), Samples.Valid("sales").With("id", "S-2").With("amount", "lots")), 1, "m-1",
            TestContext.Current.CancellationToken);

        Assert.Single(await Tables.AllAsync(azurite, app.Prefix, "sales"));
        Assert.Empty(await PoisonMessagesAsync(app));
        var errors = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "ingest-errors");
        var kept = Assert.Single(errors.GetBlobs(cancellationToken: TestContext.Current.CancellationToken));
        Assert.EndsWith("/m-1.json", kept.Name);
        var result = JsonNode.Parse((await errors.GetBlobClient(kept.Name).DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString())!;
        Assert.Equal("amount", (string)result["errors"]![0]!["field"]!);
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("{\"kind\":\"bogus\",\"records\":[]}", "unknown record kind 'bogus'")]
    [InlineData("{\"kind\":\"sales\"}", "\"records\"")]
    [InlineData("[1,2]", "JSON object")]
    public async Task A_message_that_can_never_succeed_goes_to_poison_at_once_with_its_error(string message, string error)
    {
        using var app = new PipelineFactory(azurite);
        await Functions(app).IngestQueueAsync(message, 1, "m-2", TestContext.Current.CancellationToken);

        var poisoned = Assert.Single(await PoisonMessagesAsync(app));
        Assert.Contains(error, (string)poisoned["error"]!);
        Assert.Equal(1, (long)poisoned["dequeueCount"]!);
        Assert.Equal(message, (string)poisoned["message"]!);
        Assert.NotNull((DateTimeOffset?)poisoned["failedAt"]);
    }

    [Fact]
    public async Task When_storage_is_down_the_message_is_retried_four_times_and_poisoned_at_the_fifth()
    {
        // Tables unreachable, queues reachable: ingestion fails for a passing reason.
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.WithTablesDown() });
        var functions = Functions(app);
        var message = Message("sales", Samples.Valid("sales"));

        for (var attempt = 1; attempt < QueueIngestion.MaxAttempts; attempt++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => functions.IngestQueueAsync(message, attempt, "m-3", TestContext.Current.CancellationToken));
            Assert.Empty(await PoisonMessagesAsync(app));
        }

        await functions.IngestQueueAsync(message, QueueIngestion.MaxAttempts, "m-3", TestContext.Current.CancellationToken);
        var poisoned = Assert.Single(await PoisonMessagesAsync(app));
        Assert.Equal(5, (long)poisoned["dequeueCount"]!);
        Assert.Contains("storage failed", (string)poisoned["error"]!);
    }

    private async Task<BlobClient> DropAsync(PipelineFactory app, string kind, string name, byte[] content, string contentType)
    {
        var incoming = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "incoming");
        await incoming.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        var blob = incoming.GetBlobClient($"{kind}/{name}");
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            TestContext.Current.CancellationToken);
        return blob;
    }

    [Fact]
    public async Task A_dropped_csv_is_ingested_and_moved_to_processed_with_its_result_and_rejected_rows()
    {
        using var app = new PipelineFactory(azurite);
        const string csv = "id,date,employeeId,customerId,product,amount\nS-1,2026-11-01,E1,K1,P1,10\nS-2,2026-11-02,E1,K1,P1,ten\nS-3,2026-11-03,E1,K1,P1,30\n";
        var blob = await DropAsync(app, "sales", "november.csv", Encoding.UTF8.GetBytes(csv), "text/csv");

        await Functions(app).IngestBlobAsync(blob, "sales", "november.csv", TestContext.Current.CancellationToken);

        Assert.Equal(2, (await Tables.AllAsync(azurite, app.Prefix, "sales")).Count);
        Assert.False(await blob.ExistsAsync(TestContext.Current.CancellationToken));
        var processed = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "processed");
        var names = processed.GetBlobs(cancellationToken: TestContext.Current.CancellationToken).Select(b => b.Name).Order().ToList();
        Assert.Equal(["sales/november.csv", "sales/november.errors.csv", "sales/november.result.json"], names);
        var result = JsonNode.Parse((await processed.GetBlobClient("sales/november.result.json").DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString())!;
        Assert.Equal((3, 2, 1), ((int)result["received"]!, (int)result["accepted"]!, (int)result["rejected"]!));
        var errors = (await processed.GetBlobClient("sales/november.errors.csv").DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString();
        Assert.Contains("line,index,id,field,message", errors);
        Assert.Contains("3,1,S-2,amount,", errors);

        // The same file dropped again doubles nothing.
        var again = await DropAsync(app, "sales", "november.csv", Encoding.UTF8.GetBytes(csv), "text/csv");
        await Functions(app).IngestBlobAsync(again, "sales", "november.csv", TestContext.Current.CancellationToken);
        Assert.Equal(2, (await Tables.AllAsync(azurite, app.Prefix, "sales")).Count);
    }

    [Fact]
    public async Task A_dropped_gb18030_csv_is_read_in_gb18030_when_its_content_type_says_so()
    {
        using var app = new PipelineFactory(azurite);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("id,name,department\nE1,王芳,销售部\n");
        var blob = await DropAsync(app, "employees", "staff.csv", bytes, "text/csv; charset=gb18030");

        await Functions(app).IngestBlobAsync(blob, "employees", "staff.csv", TestContext.Current.CancellationToken);

        var employee = Assert.Single(await Tables.AllAsync(azurite, app.Prefix, "employees"));
        Assert.Equal(("王芳", "销售部"), (employee.GetString("name"), employee.GetString("department")));
    }

    [Fact]
    public async Task A_file_in_an_unknown_folder_is_moved_aside_with_the_error()
    {
        using var app = new PipelineFactory(azurite);
        var blob = await DropAsync(app, "bogus", "x.csv", "id\n1\n"u8.ToArray(), "application/octet-stream");
        await Functions(app).IngestBlobAsync(blob, "bogus", "x.csv", TestContext.Current.CancellationToken);

        var processed = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "processed");
        var result = (await processed.GetBlobClient("bogus/x.result.json").DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToString();
        Assert.Contains("unknown record kind 'bogus'", result);
        Assert.False(await blob.ExistsAsync(TestContext.Current.CancellationToken));
    }
}
