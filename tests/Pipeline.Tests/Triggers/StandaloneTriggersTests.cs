using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;

namespace Pipeline.Tests.Triggers;

/// <summary>The standalone hosting runs the same triggers on the WebJobs SDK: no HTTP call needed.</summary>
public sealed class StandaloneTriggersTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> Enabled = new() { ["Triggers:Enabled"] = "true" };

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    // Records sent through the ingest queue, stored within two minutes: room for one job host restart (a singleton lease
    // lost on a starved machine; the stop may take its 30 s). A message the stopped job host had taken is released at once
    // (TakenMessages), so nothing waits out the WebJobs listener's ten minutes of invisibility any more.
    private static Task<List<Azure.Data.Tables.TableEntity>> StoredFromQueueAsync(
        AzuriteFixture azurite, string prefix, string kind, int count) =>
        EventuallyAsync(() => Tables.AllAsync(azurite, prefix, kind), rows => rows.Count == count, seconds: 120);

    [Fact]
    public async Task A_base64_queue_message_is_ingested_and_a_bad_one_ends_in_ingest_poison()
    {
        using var app = new PipelineFactory(azurite, Enabled);
        using var client = app.CreateClient(); // starts the host
        var queue = new QueueClient(azurite.ConnectionString, app.Prefix + "ingest", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { kind = "sales", records = new[] { Samples.Valid("sales") } }), TestContext.Current.CancellationToken);
        await queue.SendMessageAsync("this is not json", TestContext.Current.CancellationToken);

        var stored = await StoredFromQueueAsync(azurite, app.Prefix, "sales", 1);
        Assert.Single(stored);
        var poison = new QueueClient(azurite.ConnectionString, app.Prefix + "ingest-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var messages = await EventuallyAsync(async () => await poison.ExistsAsync(TestContext.Current.CancellationToken)
                ? (await poison.PeekMessagesAsync(10, TestContext.Current.CancellationToken)).Value.Select(m => m.MessageText).ToList()
                : [],
            list => list.Count > 0);
        Assert.Contains("this is not json", Assert.Single(messages));
    }

    [Fact]
    public async Task Receivables_peer_reviews_and_the_new_complaint_fields_come_in_by_queue_and_by_csv_drop()
    {
        using var app = new PipelineFactory(azurite, Enabled);
        using var client = app.CreateClient();
        var token = TestContext.Current.CancellationToken;
        var queue = new QueueClient(azurite.ConnectionString, app.Prefix + "ingest", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync(cancellationToken: token);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new { kind = "peerReviews", records = new[] { Samples.Valid("peerReviews") } }), token);
        await queue.SendMessageAsync(JsonSerializer.Serialize(new
        {
            kind = "complaints",
            records = new[] { Samples.Valid("complaints").With("responsibleId", "E9").With("substantiated", "true") },
        }), token);
        var incoming = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "incoming");
        await incoming.CreateIfNotExistsAsync(cancellationToken: token);
        await incoming.GetBlobClient("receivables/ar.csv").UploadAsync(BinaryData.FromString(
            "id,customerId,invoiceDate,dueDate,amount,paidAmount,paidAt,guarantorId,guaranteeAmount\n" +
            "RC-1,K1,2026-10-01,2026-10-31,1000,400,2026-11-05,M1,500\n" +
            "RC-2,K1,2026-10-01,2026-09-30,1000,,,,\n" + // due before it was invoiced
            "RC-3,K1,2026-10-01,2026-10-31,1000,100,,,\n"), token); // paid with no date

        var reviews = await StoredFromQueueAsync(azurite, app.Prefix, "peerReviews", 1);
        Assert.Single(reviews);
        var complaints = await StoredFromQueueAsync(azurite, app.Prefix, "complaints", 1);
        Assert.Equal(("E9", true), (complaints[0].GetString("responsibleId"), complaints[0].GetBoolean("substantiated")));
        var receivables = await EventuallyAsync(() => Tables.AllAsync(azurite, app.Prefix, "receivables"), rows => rows.Count == 1, seconds: 120);
        Assert.Equal("RC-1", Assert.Single(receivables).GetString("id"));

        var processed = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "processed");
        var errors = await EventuallyAsync(async () => await processed.GetBlobClient("receivables/ar.errors.csv").ExistsAsync(token)
                ? (await processed.GetBlobClient("receivables/ar.errors.csv").DownloadContentAsync(token)).Value.Content.ToString()
                : "",
            text => text.Length > 0, seconds: 120);
        Assert.Contains("dueDate", errors);
        Assert.Contains("must not be before invoiceDate", errors);
        Assert.Contains("is required when paidAmount is above 0", errors);
    }

    [Fact]
    public async Task A_csv_dropped_in_incoming_is_ingested_once_and_moved_to_processed()
    {
        using var app = new PipelineFactory(azurite, Enabled);
        using var client = app.CreateClient();
        var incoming = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "incoming");
        await incoming.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        await incoming.GetBlobClient("sales/drop.csv").UploadAsync(BinaryData.FromString(
            "id,date,employeeId,customerId,product,amount\nS-1,2026-11-01,E1,K1,P1,10\nS-2,2026-11-02,E1,K1,P1,x\n"), TestContext.Current.CancellationToken);

        var processed = new BlobContainerClient(azurite.ConnectionString, app.Prefix + "processed");
        var names = await EventuallyAsync(async () => await processed.ExistsAsync(TestContext.Current.CancellationToken)
                ? processed.GetBlobs(cancellationToken: TestContext.Current.CancellationToken).Select(b => b.Name).Order().ToList()
                : [],
            list => list.Count == 3, seconds: 90);
        Assert.Equal(["sales/drop.csv", "sales/drop.errors.csv", "sales/drop.result.json"], names);
        Assert.Single(await Tables.AllAsync(azurite, app.Prefix, "sales"));
    }

    [Fact]
    public async Task At_two_on_the_first_the_timer_assesses_the_month_that_ended_with_no_http_call()
    {
        // 02:10 on 1 December in Shanghai; the host ticks every two seconds for the test.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T18:10:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var settings = new Dictionary<string, string?>(Enabled) { ["Assessment:Tick"] = "*/2 * * * * *" };
        using var app = new PipelineFactory(azurite, settings) { TestServices = services => services.AddSingleton<TimeProvider>(clock) };
        using var client = app.CreateClient();

        var response = await EventuallyAsync(() => client.GetAsync("/api/assessments/2026-11", TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK, seconds: 60);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // index.json is written after the period's latest files (ReportIndex, last step of a publish): wait for it too.
        var reports = await EventuallyAsync(() => client.GetStringAsync("/api/reports?period=2026-11", TestContext.Current.CancellationToken),
            list => list.Contains("monthly/2026-11/assessment.html", StringComparison.Ordinal), seconds: 30);
        Assert.Contains("monthly/2026-11/assessment.html", reports);
    }
}

public sealed class TwoInstancesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Two_standalone_instances_sharing_storage_run_a_due_occurrence_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-30T18:10:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var prefix = AzuriteFixture.NewPrefix();
        var settings = new Dictionary<string, string?> { ["Triggers:Enabled"] = "true", ["Assessment:Tick"] = "*/1 * * * * *", ["Storage:Prefix"] = prefix };
        using var first = new PipelineFactory(azurite, settings) { TestServices = services => services.AddSingleton<TimeProvider>(clock) };
        using var second = new PipelineFactory(azurite, new Dictionary<string, string?>(settings) { ["Triggers:HostId"] = prefix + "b" })
            { TestServices = services => services.AddSingleton<TimeProvider>(clock) };
        using var a = first.CreateClient();
        using var b = second.CreateClient();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<Azure.Data.Tables.TableEntity> found = [];
        while (DateTime.UtcNow < deadline)
        {
            found = (await Tables.AllAsync(azurite, prefix, "assessmentRuns")).ToList();
            if (found.Count > 0 && found.All(r => r.GetString("Status") == "completed"))
            {
                break;
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        // Several more ticks of both instances pass; still one run.
        await Task.Delay(3000, TestContext.Current.CancellationToken);
        found = (await Tables.AllAsync(azurite, prefix, "assessmentRuns")).ToList();
        var run = Assert.Single(found);
        Assert.Equal(("2026-11", "completed"), (run.PartitionKey, run.GetString("Status")));
    }
}
