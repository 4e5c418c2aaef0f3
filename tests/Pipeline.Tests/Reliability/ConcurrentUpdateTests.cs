using System.Net;
using System.Text.Json;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reliability;

/// <summary>Two senders updating the same records at once: whatever the interleaving, the newest <c>updatedAt</c> wins.</summary>
[Trait("Category", "Reliability")]
public sealed class ConcurrentUpdateTests(AzuriteFixture azurite)
{
    private const int Ids = 60;
    private const int Versions = 12;

    private static Dictionary<string, object> Complaint(int id, int version) => new()
    {
        ["id"] = $"C-{id}",
        // Versions alternate between two months, so an update also moves the record between partitions.
        ["receivedAt"] = version % 2 == 0 ? "2026-11-03T09:00:00+08:00" : "2026-10-03T09:00:00+08:00",
        ["customerId"] = "K1",
        ["category"] = "service",
        ["channel"] = $"v{version}",
        ["updatedAt"] = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero).AddMinutes(version).ToString("O"),
    };

    [Fact]
    public async Task Two_senders_updating_the_same_ids_at_once_leave_the_newest_version_of_each()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        var token = TestContext.Current.CancellationToken;

        // Sender A sends the even versions, sender B the odd ones, each in its own random order, in posts of 30.
        async Task SendAsync(int parity, int seed)
        {
            var random = new Random(seed);
            var records = Enumerable.Range(0, Ids)
                .SelectMany(id => Enumerable.Range(0, Versions).Where(v => v % 2 == parity).Select(v => Complaint(id, v)))
                .OrderBy(_ => random.Next())
                .ToList();
            foreach (var post in records.Chunk(30))
            {
                using var content = new StringContent(JsonSerializer.Serialize(post), System.Text.Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/api/records/complaints", content, token);
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(token));
            }
        }

        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(SendAsync(0, 17 + round), SendAsync(1, 23 + round), SendAsync(0, 31 + round), SendAsync(1, 37 + round));
        }

        var rows = await Tables.AllAsync(azurite, app.Prefix, "complaints");
        Assert.Equal(Ids, rows.Count); // one row per id: no copy left behind in the other month's partition
        Assert.All(rows, row => Assert.Equal($"v{Versions - 1}", row.GetString("channel")));
        Assert.All(rows, row => Assert.StartsWith("2026-10~", row.PartitionKey));
        var index = (await Tables.AllAsync(azurite, app.Prefix, "recordIndex")).Where(e => e.PartitionKey.StartsWith("complaints~", StringComparison.Ordinal)).ToList();
        Assert.Equal(Ids, index.Count);
        Assert.All(index, entry => Assert.StartsWith("2026-10~", entry.GetString("Partition")));
        Assert.All(index, entry => Assert.Equal(DateTimeOffset.Parse((string)Complaint(0, Versions - 1)["updatedAt"], System.Globalization.CultureInfo.InvariantCulture), entry.GetDateTimeOffset("UpdatedAt")));
    }
}
