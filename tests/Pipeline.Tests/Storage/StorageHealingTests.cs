using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Storage;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Storage;

/// <summary>
/// Storage that lost a table, a container or a queue (an operator deleted it; an emulator restarted without it) heals:
/// the app's next call creates it again and succeeds, although the app created it once and remembers that.
/// </summary>
public sealed class StorageHealingTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _app.Dispose();

    private static StringContent Sale(string id) => new(
        $$"""[{"id":"{{id}}","date":"2026-11-03","employeeId":"E1","customerId":"K1","product":"P1","amount":1200.5}]""",
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_record_table_deleted_behind_the_apps_back_is_created_again_on_the_next_post()
    {
        using var client = _app.CreateClient();
        using (var first = await client.PostAsync("/api/records/sales", Sale("S-1"), Token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // The app created (and cached) its sales table and the id index; both vanish.
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.DeleteTableAsync(_app.Prefix + "sales", Token);
        await tables.DeleteTableAsync(_app.Prefix + "recordIndex", Token);

        using (var again = await client.PostAsync("/api/records/sales", Sale("S-2"), Token))
        {
            Assert.True(again.StatusCode == HttpStatusCode.OK, $"{again.StatusCode}: {await again.Content.ReadAsStringAsync(Token)}");
        }

        var stored = await client.GetFromJsonAsync<JsonObject>("/api/records/sales/S-2", Token);
        Assert.Equal("S-2", (string)stored!["id"]!);
        using var lost = await client.GetAsync("/api/records/sales/S-1", Token);
        Assert.Equal(HttpStatusCode.NotFound, lost.StatusCode); // gone with its table: healing makes the table, not the data
    }

    [Fact]
    public async Task A_blob_container_deleted_behind_the_apps_back_is_created_again_on_the_next_upload()
    {
        var account = _app.Services.GetRequiredService<StorageAccount>();
        var name = _app.Prefix + "incoming";
        var container = account.Blobs.GetBlobContainerClient(name);
        await container.CreateIfNotExistsAsync(cancellationToken: Token);
        await container.GetBlobClient("sales/one.csv").UploadAsync(BinaryData.FromString("id\n1\n"), Token);

        await new BlobServiceClient(azurite.ConnectionString).DeleteBlobContainerAsync(name, cancellationToken: Token);

        await container.GetBlobClient("sales/two.csv").UploadAsync(BinaryData.FromString("id\n2\n"), Token);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: Token))
        {
            names.Add(blob.Name);
        }

        Assert.Equal(["sales/two.csv"], names);
    }

    [Fact]
    public async Task A_container_is_not_made_again_for_a_delete_or_an_existence_check()
    {
        var account = _app.Services.GetRequiredService<StorageAccount>();
        var container = account.Blobs.GetBlobContainerClient(_app.Prefix + "never");
        Assert.False(await container.GetBlobClient("a.csv").DeleteIfExistsAsync(cancellationToken: Token));
        Assert.False(await container.ExistsAsync(Token));
    }

    [Fact]
    public async Task A_queue_deleted_behind_the_apps_back_is_created_again_on_the_next_send()
    {
        var account = _app.Services.GetRequiredService<StorageAccount>();
        var name = _app.Prefix + "ingest";
        var queue = account.Queues.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync(cancellationToken: Token);
        await queue.SendMessageAsync("first", Token);

        await new QueueServiceClient(azurite.ConnectionString).DeleteQueueAsync(name, Token);

        await queue.SendMessageAsync("second", Token);
        var peeked = await new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(name).PeekMessagesAsync(10, Token);
        Assert.Equal(["second"], peeked.Value.Select(m => m.Body.ToString()));
    }
}
