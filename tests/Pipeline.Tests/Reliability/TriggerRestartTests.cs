using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// The job host of the triggers restarted while storage answers (a listener lost its singleton lease, as a starved
/// instance does) while queue messages keep coming: nothing is lost. The messages it was processing are finished (it
/// has 30 s to); one it was receiving at that instant returns after the WebJobs queue listener's fixed ten minutes.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class TriggerRestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Queue_messages_in_flight_when_the_job_host_restarts_are_all_stored()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(15));
        var token = timeout.Token;
        using var storage = new DedicatedStorage();
        var logs = new CapturedLogs();
        await using var app = new PipelineFactory(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString, ["Triggers:Enabled"] = "true", ["Storage:ProbeSeconds"] = "1",
            ["Logging:LogLevel:Pipeline"] = "Information",
        }) { TestServices = s => s.AddSingleton<ILoggerProvider>(logs) };
        using var client = app.CreateClient();
        using (var health = await client.GetAsync("/api/health", token))
        {
            health.EnsureSuccessStatusCode();
        }

        var queue = new QueueClient(storage.ConnectionString, app.Prefix + "ingest", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync(cancellationToken: token);
        const int records = 100;

        // The job host's leases are broken: at its next renewal its singleton listener gives up and the job host is
        // restarted. Meanwhile messages keep coming, four a second, so that some are being processed at that moment.
        var clock = Stopwatch.StartNew();
        var hosts = new BlobContainerClient(storage.ConnectionString, "azure-webjobs-hosts");
        var broken = 0;
        while (broken == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await hosts.ExistsAsync(token))
            {
                await foreach (var blob in hosts.GetBlobsAsync(BlobTraits.None, BlobStates.None, "locks/", token))
                {
                    if (blob.Properties.LeaseState == LeaseState.Leased)
                    {
                        await hosts.GetBlobClient(blob.Name).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: token);
                        broken++;
                    }
                }
            }

            await Task.Delay(200, token);
        }

        var sent = 0;
        TimeSpan? pausedAt = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(120) && (pausedAt is null || clock.Elapsed < pausedAt + TimeSpan.FromSeconds(5)))
        {
            await queue.SendMessageAsync(StorageOutageTests.ExpensesMessage(sent++, records), token);
            if (pausedAt is null && logs.Count("triggers paused") > 0)
            {
                pausedAt = clock.Elapsed;
            }

            await Task.Delay(250, token);
        }

        // Every record is stored. A message the listener was taking at the instant its job host stopped (most likely a
        // receive cut short after storage had hidden it) cannot be handed back and returns after the listener's fixed ten minutes:
        // while one is still in the queue the wait goes on (up to eleven minutes, said below); none left means a loss.
        var sentAt = clock.Elapsed;
        var stored = 0;
        var inQueue = 0;
        while (true)
        {
            stored = (await storage.IdsAsync(app.Prefix, "expenses", token)).Count;
            if (stored == sent * records)
            {
                break;
            }

            if (clock.Elapsed > sentAt + TimeSpan.FromSeconds(90))
            {
                inQueue = (await queue.GetPropertiesAsync(token)).Value.ApproximateMessagesCount;
                if (inQueue == 0 || clock.Elapsed > sentAt + TimeSpan.FromMinutes(11))
                {
                    break;
                }
            }

            await Task.Delay(500, token);
        }

        var storedAtBreak = pausedAt?.TotalSeconds ?? -1;
        var messages = sent;
        var lines = logs.Lines.Where(l => l.Level >= LogLevel.Warning || l.Message.Contains("trigger", StringComparison.OrdinalIgnoreCase)).ToList();
        var waited = clock.Elapsed > sentAt + TimeSpan.FromSeconds(90)
            ? $" (waited for a message the restart left invisible; {inQueue} in the queue at the last look)"
            : "";
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"leases broken {broken}; paused at {storedAtBreak:0.0} s; {messages} messages sent by {sentAt.TotalSeconds:0.0} s; stored {stored} of {messages * records} after {clock.Elapsed.TotalSeconds:0.0} s{waited}"));
        foreach (var line in lines)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"  [{line.Level}] {line.Category}: {line.Message[..Math.Min(300, line.Message.Length)]}");
        }

        Assert.True(broken > 0, "no lease to break");
        Assert.Contains(lines, l => l.Message.Contains("triggers paused", StringComparison.Ordinal));
        Assert.Equal(messages * records, stored);
    }
}
