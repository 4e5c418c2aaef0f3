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
/// instance does) while queue messages keep coming: nothing is lost, and nothing waits. The messages it was processing
/// are finished (it has 30 s to) or handed back; one it had taken and not finished (a receive cut short by the stop, a
/// completion cancelled) is released as soon as it stopped, not hidden for the WebJobs listener's ten minutes.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class TriggerRestartTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Queue_messages_in_flight_when_the_job_host_restarts_are_all_stored()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
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
                        try
                        {
                            await hosts.GetBlobClient(blob.Name).GetBlobLeaseClient().BreakAsync(TimeSpan.Zero, cancellationToken: token);
                            broken++;
                        }
                        catch (Azure.RequestFailedException ex) when (ex.ErrorCode == "LeaseNotPresentWithLeaseOperation")
                        {
                            // Released by its holder between the listing and the break (a singleton lock's lease lives
                            // seconds): nothing to break on this blob; the loop looks again.
                        }
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

        // Every record is stored within 90 s of the last send: a message the stopped job host had taken comes back at once
        // (the SDK alone kept it hidden ten minutes).
        var sentAt = clock.Elapsed;
        var stored = 0;
        while (true)
        {
            stored = (await storage.IdsAsync(app.Prefix, "expenses", token)).Count;
            if (stored == sent * records || clock.Elapsed > sentAt + TimeSpan.FromSeconds(90))
            {
                break;
            }

            await Task.Delay(500, token);
        }

        var inQueue = (await queue.GetPropertiesAsync(token)).Value.ApproximateMessagesCount;
        var storedAtBreak = pausedAt?.TotalSeconds ?? -1;
        var messages = sent;
        var lines = logs.Lines.Where(l => l.Level >= LogLevel.Warning || l.Message.Contains("trigger", StringComparison.OrdinalIgnoreCase)).ToList();
        var released = logs.Lines.Where(l => l.Message.Contains("a stopped job host had taken", StringComparison.Ordinal)).Select(l => l.Message).ToList();
        var waited = $"; {inQueue} messages in the queue (visible or not) at the end; {(released.Count == 0 ? "nothing to release" : string.Join("; ", released))}";
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
