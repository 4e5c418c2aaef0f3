using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// Storage stopped and started again under a running standalone app: the app stays up, answers 503 with Retry-After
/// meanwhile, its triggers pause and resume by themselves, and nothing a sender had accepted or resent is lost.
/// Each test runs its own Azurite (on disk, fixed ports) so the shared one never goes down.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class StorageOutageTests(AzuriteFixture azurite)
{
    private static TimeSpan OutageLength => TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("PIPELINE_OUTAGE_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 30);

    private static Dictionary<string, string?> Settings(DedicatedStorage storage) => new()
    {
        ["AzureWebJobsStorage"] = storage.ConnectionString,
        ["Triggers:Enabled"] = "true",
        ["Storage:ProbeSeconds"] = "1",
        ["Logging:LogLevel:Pipeline"] = "Information",
        ["Triggers:IncomingSweepSeconds"] = "10", // the sweep under the blob trigger, sooner than its minute
        ["Triggers:IncomingSweepAfterSeconds"] = "30",
    };

    private static string Sales(int from, int count) => JsonSerializer.Serialize(Enumerable.Range(from, count).Select(i => new Dictionary<string, object>
    {
        ["id"] = $"S-{i}", ["date"] = "2026-11-03", ["employeeId"] = "E1", ["customerId"] = "K1", ["product"] = "P1", ["amount"] = 10.5m,
    }));

    /// <summary>An ingest queue message of <paramref name="records"/> expenses, ids <c>X-{batch}-{i}</c>.</summary>
    internal static string ExpensesMessage(int batch, int records = 5) => JsonSerializer.Serialize(new
    {
        kind = "expenses",
        records = Enumerable.Range(0, records).Select(i => new { id = $"X-{batch}-{i}", date = "2026-11-03", department = "sales", category = "travel", amount = 300 }),
    });

    private static string SurveysCsv(int file) =>
        "id,date,customerId,productQuality\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"V-{file}-{i},2026-11-05,K1,4\n"));

    private static async Task UntilAsync(Func<Task<bool>> done, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > within)
            {
                return;
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    // The sender's side of a queue or blob drop during an outage: try until storage takes it.
    private static async Task UntilAcceptedAsync(Func<Task> send, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await send();
                return;
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or AggregateException or HttpRequestException)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task Storage_stopped_during_http_queue_and_blob_ingestion_loses_nothing_and_the_app_stays_up()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(12)); // two waits of up to 3 minutes (SettleAsync), the outage, the posts
        var token = timeout.Token;
        using var storage = new DedicatedStorage();
        var logs = new CapturedLogs();
        await using var app = new PipelineFactory(azurite, Settings(storage)) { TestServices = s => s.AddSingleton<ILoggerProvider>(logs) };
        using var client = app.CreateClient();
        var sender = new Sender(client);
        var queue = new QueueClient(storage.ConnectionString, app.Prefix + "ingest", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var incoming = new BlobContainerClient(storage.ConnectionString, app.Prefix + "incoming");
        await queue.CreateIfNotExistsAsync(cancellationToken: token);
        await incoming.CreateIfNotExistsAsync(cancellationToken: token);

        // The app is watched all along: health answers every half second (200, or 503 during the outage), never fails.
        var healthCodes = new ConcurrentQueue<HttpStatusCode>();
        using var stopWatching = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (!stopWatching.IsCancellationRequested)
            {
                using var health = await client.GetAsync("/api/health", token);
                healthCodes.Enqueue(health.StatusCode);
                await Task.Delay(500, token);
            }
        }, token);

        // A stream of HTTP posts, 20 sales each, that resends on 503 as the README says. It starts once the records sent
        // before the outage are settled, so that the store the outage saves and reloads holds only what the test needs. A post that fails is reported
        // with when it started and how long it took, rather than as a bare cancellation.
        var outage = 0;
        var posted = 0;
        var postedDuringOutage = 0;
        var acknowledged = new ConcurrentBag<int>();
        var failedPosts = new ConcurrentBag<string>();
        var testClock = Stopwatch.StartNew();
        using var stopPosting = new CancellationTokenSource();
        // Many independent senders: a new post every 150 ms, each resent until it is taken.
        async Task PostAsync(int batch)
        {
            var started = testClock.Elapsed;
            var during = Volatile.Read(ref outage) == 1;
            try
            {
                using var response = await sender.PostAsync("/api/records/sales", Sales(batch * 20, 20), "application/json", token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                acknowledged.Add(batch);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                failedPosts.Add($"batch {batch}, started {started.TotalSeconds:0.0} s into the test{(during ? " during the outage" : "")}, " +
                                $"failed after {(testClock.Elapsed - started).TotalSeconds:0.0} s: {ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message}");
            }
        }

        Task PostStreamAsync() => Task.Run(async () =>
        {
            var posts = new List<Task>();
            for (var batch = 0; !stopPosting.IsCancellationRequested; batch++)
            {
                Interlocked.Increment(ref posted);
                if (Volatile.Read(ref outage) == 1)
                {
                    Interlocked.Increment(ref postedDuringOutage);
                }

                posts.Add(PostAsync(batch));
                await Task.Delay(150, token);
            }

            await Task.WhenAll(posts);
        }, token);

        // Before the outage: queue messages and dropped files are processed.
        for (var i = 0; i < 10; i++)
        {
            await queue.SendMessageAsync(ExpensesMessage(i), token);
        }

        for (var i = 0; i < 3; i++)
        {
            await incoming.GetBlobClient($"surveys/before-{i}.csv").UploadAsync(BinaryData.FromString(SurveysCsv(i)), token);
        }

        await SettleAsync(storage, app.Prefix, 50, 15, token);
        var expensesBefore = (await storage.IdsAsync(app.Prefix, "expenses", token)).Count;
        var surveysBefore = (await storage.IdsAsync(app.Prefix, "surveys", token)).Count;
        if (expensesBefore != 50 || surveysBefore != 15)
        {
            Assert.Fail($"before the outage: expenses {expensesBefore} of 50, surveys {surveysBefore} of 15; " +
                        await DiagnoseAsync(storage, app.Prefix, logs, token));
        }

        // Posts flow for a few seconds, then the outage: storage stopped as an operator stops it (it saves its data), then
        // started on the same ports.
        var stream = PostStreamAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), token);
        var outageClock = Stopwatch.StartNew();
        Volatile.Write(ref outage, 1);
        storage.Azurite.Terminate();
        var queueDuring = Task.Run(async () =>
        {
            for (var i = 10; i < 20; i++)
            {
                await UntilAcceptedAsync(() => queue.SendMessageAsync(ExpensesMessage(i), token), token);
            }
        }, token);
        var blobsDuring = Task.Run(async () =>
        {
            for (var i = 3; i < 6; i++)
            {
                await UntilAcceptedAsync(() => incoming.GetBlobClient($"surveys/during-{i}.csv").UploadAsync(BinaryData.FromString(SurveysCsv(i)), overwrite: true, token), token);
            }
        }, token);

        await UntilAsync(async () =>
        {
            using var health = await client.GetAsync("/api/health", token);
            return health.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, TimeSpan.FromSeconds(20), token);
        using (var during = await client.GetAsync("/api/health", token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Contains("storage-unreachable", await during.Content.ReadAsStringAsync(token));
        }

        using (var probe = new StringContent(Sales(1_000_000, 1), Encoding.UTF8, "application/json"))
        using (var refused = await client.PostAsync("/api/records/sales", probe, token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        }

        using (var assess = await client.PostAsync("/api/assessments/2026-11", null, token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, assess.StatusCode);
            Assert.NotNull(assess.Headers.RetryAfter?.Delta);
        }

        var rest = OutageLength - outageClock.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, token);
        }

        storage.Azurite.Restart();
        var outageSeconds = outageClock.Elapsed.TotalSeconds;
        Volatile.Write(ref outage, 0);
        await UntilAsync(async () =>
        {
            using var health = await client.GetAsync("/api/health", token);
            return health.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), token);

        await Task.Delay(TimeSpan.FromSeconds(3), token);
        await stopPosting.CancelAsync();
        await stream;
        await queueDuring;
        await blobsDuring;
        if (!failedPosts.IsEmpty)
        {
            Assert.Fail($"{failedPosts.Count} of {posted} posts failed: {string.Join("; ", failedPosts.Take(5))}; " +
                        await DiagnoseAsync(storage, app.Prefix, logs, token));
        }

        // After: every acknowledged post, every message and every file, exactly once.
        var expectedSales = acknowledged.SelectMany(batch => Enumerable.Range(batch * 20, 20)).Select(i => $"S-{i}").ToHashSet();
        await SettleAsync(storage, app.Prefix, 100, 30, token);
        var sales = await storage.IdsAsync(app.Prefix, "sales", token);
        var expenses = await storage.IdsAsync(app.Prefix, "expenses", token);
        var surveys = await storage.IdsAsync(app.Prefix, "surveys", token);
        await stopWatching.CancelAsync();
        await watch.ContinueWith(_ => { }, TaskScheduler.Default);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"outage {outageSeconds:0.0} s; HTTP posts {posted} ({postedDuringOutage} started during the outage), 503 answers resent {sender.Unavailable}; " +
            $"stored sales {sales.Count} of {expectedSales.Count} acknowledged, expenses {expenses.Count} of 100 (queue), surveys {surveys.Count} of 30 (blob); " +
            $"health answers {healthCodes.Count} ({healthCodes.Count(c => c == HttpStatusCode.ServiceUnavailable)} of them 503); " +
            $"job host restarts: queue messages released {logs.Count("queue messages a stopped job host had taken")} times");
        if (expenses.Count != 100 || surveys.Count != 30)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(await DiagnoseAsync(storage, app.Prefix, logs, token));
        }

        Assert.Equal(posted, acknowledged.Count);
        Assert.True(postedDuringOutage > 0, "no post was sent during the outage");
        Assert.True(sender.Unavailable > 0, "no post was answered 503 during the outage");
        Assert.Equal(0, sender.OtherFailures);
        Assert.Equal(expectedSales, sales);
        Assert.Equal(Enumerable.Range(0, 20).SelectMany(b => Enumerable.Range(0, 5).Select(i => $"X-{b}-{i}")).ToHashSet(), expenses);
        Assert.Equal(Enumerable.Range(0, 6).SelectMany(f => Enumerable.Range(0, 5).Select(i => $"V-{f}-{i}")).ToHashSet(), surveys);
        Assert.All(healthCodes, code => Assert.True(code is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"health answered {code}"));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, healthCodes);

        TestContext.Current.TestOutputHelper?.WriteLine("warnings and errors logged, by category: " + string.Join(", ", logs.Lines
            .Where(l => l.Level >= LogLevel.Warning).GroupBy(l => l.Category).Select(g => $"{g.Key} {g.Count()}")));
        foreach (var line in logs.Lines.Where(l => l.Level >= LogLevel.Warning))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"  [{line.Level}] {line.Category}: {line.Message[..Math.Min(400, line.Message.Length)]}");
        }

        // One warning when it started, one line when it ended, however many calls failed in between.
        Assert.Equal(1, logs.Count("Storage is unreachable"));
        Assert.Equal(1, logs.Count("Storage is reachable again"));
        if (OutageLength >= TimeSpan.FromSeconds(25))
        {
            // Half a minute is longer than the WebJobs listeners wait: one gave up (which used to end the process), and
            // the job host was started afresh once storage answered.
            Assert.Contains(logs.Lines, line => line.Message.Contains("triggers resumed", StringComparison.Ordinal));
        }
    }

    // Waits until the queue's and the dropped files' records are stored, at most three minutes. A queue message a stopping
    // job host had taken (storage gone, or a singleton lease lost on a starved machine) is released at once
    // (TakenMessages), so nothing waits out the WebJobs listener's ten minutes of invisibility any more; a file the blob
    // trigger's scan skipped is swept after half a minute here. What is missing after three minutes is a failure, which
    // the caller reports with what is still queued.
    private static async Task SettleAsync(DedicatedStorage storage, string prefix, int expenses, int surveys, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            var stored = ((await storage.IdsAsync(prefix, "expenses", cancellationToken)).Count, (await storage.IdsAsync(prefix, "surveys", cancellationToken)).Count);
            if (stored == (expenses, surveys))
            {
                return;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    // What a failed wait needs to be understood: what is still queued, what went to poison, what the app logged.
    private static async Task<string> DiagnoseAsync(DedicatedStorage storage, string prefix, CapturedLogs logs, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var service = new QueueServiceClient(storage.ConnectionString);
        await foreach (var queue in service.GetQueuesAsync(cancellationToken: cancellationToken))
        {
            if (queue.Name.StartsWith(prefix, StringComparison.Ordinal) || queue.Name.StartsWith("azure-webjobs", StringComparison.Ordinal))
            {
                var properties = await service.GetQueueClient(queue.Name).GetPropertiesAsync(cancellationToken);
                text.Append(CultureInfo.InvariantCulture, $"queue {queue.Name}: {properties.Value.ApproximateMessagesCount} messages; ");
            }
        }

        var incoming = new BlobContainerClient(storage.ConnectionString, prefix + "incoming");
        await foreach (var blob in incoming.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            text.Append(CultureInfo.InvariantCulture, $"left in incoming: {blob.Name} (modified {blob.Properties.LastModified:HH:mm:ss.fff}); ");
        }

        text.Append("log (warnings, errors, trigger lines): ");
        foreach (var line in logs.Lines.Where(l => l.Level >= LogLevel.Warning || l.Message.Contains("trigger", StringComparison.OrdinalIgnoreCase)).TakeLast(40))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  [{line.Level}] {line.Category}: {line.Message}");
        }

        return text.ToString();
    }
}
