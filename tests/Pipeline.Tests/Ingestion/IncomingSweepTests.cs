using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Ingestion;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Ingestion;

/// <summary>
/// Files the blob trigger left in <c>incoming/</c> are ingested by the sweep (here with the triggers off, so nothing else
/// touches the drops): the old ones under a kind folder only, once, and moved to <c>processed/</c> as the trigger does.
/// </summary>
public sealed class IncomingSweepTests(AzuriteFixture azurite)
{
    private static string Surveys(string prefix) =>
        "id,date,customerId,productQuality\n" + string.Concat(Enumerable.Range(0, 3).Select(i => $"{prefix}-{i},2026-11-05,K1,4\n"));

    [Fact]
    public async Task Files_left_in_incoming_are_ingested_once_and_moved_the_recent_and_the_loose_ones_left()
    {
        var token = TestContext.Current.CancellationToken;
        await using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        var sweep = app.Services.GetRequiredService<IncomingSweep>();
        Assert.Equal(0, await sweep.SweepAsync(TimeSpan.Zero, token)); // no incoming container yet

        var incoming = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "incoming");
        await incoming.CreateIfNotExistsAsync(cancellationToken: token);
        await incoming.GetBlobClient("surveys/left.csv").UploadAsync(BinaryData.FromString(Surveys("V-L")), token);
        await incoming.GetBlobClient("loose.csv").UploadAsync(BinaryData.FromString(Surveys("V-X")), token);

        // Written just now: younger than an hour, so the trigger's, not the sweep's.
        Assert.Equal(0, await sweep.SweepAsync(TimeSpan.FromHours(1), token));
        Assert.True(await incoming.GetBlobClient("surveys/left.csv").ExistsAsync(token));

        Assert.Equal(1, await sweep.SweepAsync(TimeSpan.Zero, token));
        Assert.False(await incoming.GetBlobClient("surveys/left.csv").ExistsAsync(token));
        Assert.True(await incoming.GetBlobClient("loose.csv").ExistsAsync(token)); // not under a kind folder: left, as the trigger leaves it
        var processed = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "processed");
        Assert.True(await processed.GetBlobClient("surveys/left.csv").ExistsAsync(token));
        var result = JsonNode.Parse((await processed.GetBlobClient("surveys/left.result.json").DownloadContentAsync(token)).Value.Content.ToString())!;
        Assert.Equal(3, (int)result["accepted"]!);

        var stored = await client.GetFromJsonAsync<JsonObject>("/api/records/surveys?period=2026-11", token);
        Assert.Equal(["V-L-0", "V-L-1", "V-L-2"], stored!["records"]!.AsArray().Select(r => (string)r!["id"]!).Order(StringComparer.Ordinal));

        // Swept again: nothing left to do.
        Assert.Equal(0, await sweep.SweepAsync(TimeSpan.Zero, token));
    }
}
