using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Standalone;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// Storage that crashes rather than stops: the app lives on, and the embedded Azurite is started again by the app.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class EmulatorCrashTests(AzuriteFixture azurite)
{
    // Azurite's LokiJS stores save to disk every 5 s (autosaveInterval in its persistence code): a hard kill loses what
    // it acknowledged since its last save. Writes older than this have certainly been saved.
    private static readonly TimeSpan AzuriteSaveInterval = TimeSpan.FromSeconds(6);

    private static string Sales(int batch) => JsonSerializer.Serialize(Enumerable.Range(batch * 10, 10).Select(i => new Dictionary<string, object>
    {
        ["id"] = $"S-{i}", ["date"] = "2026-11-03", ["employeeId"] = "E1", ["customerId"] = "K1", ["product"] = "P1", ["amount"] = 1m,
    }));

    [Fact]
    public async Task Storage_killed_mid_stream_the_app_lives_and_everything_acknowledged_after_its_last_save_is_there()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        var token = timeout.Token;
        using var storage = new DedicatedStorage();
        await using var app = new PipelineFactory(azurite, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString, ["Triggers:Enabled"] = "true", ["Storage:ProbeSeconds"] = "1",
        });
        using var client = app.CreateClient();
        var sender = new Sender(client);
        var clock = Stopwatch.StartNew();
        var acknowledged = new ConcurrentDictionary<int, TimeSpan>();
        using var stop = new CancellationTokenSource();
        var posted = 0;
        var stream = Task.Run(async () =>
        {
            var posts = new List<Task>();
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var b = batch;
                posted++;
                posts.Add(Task.Run(async () =>
                {
                    using var response = await sender.PostAsync("/api/records/sales", Sales(b), "application/json", token);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    acknowledged[b] = clock.Elapsed;
                }, token));
                await Task.Delay(150, token);
            }

            await Task.WhenAll(posts);
        }, token);

        await Task.Delay(TimeSpan.FromSeconds(10), token);
        var killing = clock.Elapsed;
        storage.Azurite.Kill();
        var killedAt = clock.Elapsed; // an answer sent just before the kill may arrive while it happens
        await Task.Delay(TimeSpan.FromSeconds(8), token);
        storage.Azurite.Restart();
        var restartedAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(5), token);
        await stop.CancelAsync();
        await stream;

        using var health = await client.GetAsync("/api/health", token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var stored = await storage.IdsAsync(app.Prefix, "sales", token);
        var missing = acknowledged.Where(a => !Enumerable.Range(a.Key * 10, 10).All(i => stored.Contains($"S-{i}"))).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"killed at {killedAt.TotalSeconds:0.0} s, restarted at {restartedAt.TotalSeconds:0.0} s; posts {posted}, acknowledged {acknowledged.Count}, " +
            $"503 resent {sender.Unavailable}; batches acknowledged but lost by the killed emulator: {missing.Count} " +
            $"(acknowledged {string.Join(", ", missing.Select(m => $"{m.Value.TotalSeconds:0.0} s"))})");
        Assert.Equal(posted, acknowledged.Count);
        Assert.Equal(0, sender.OtherFailures);
        Assert.All(missing, lost => Assert.InRange(lost.Value, killing - AzuriteSaveInterval, killedAt));
    }

    private sealed class EmbeddedApp(string location, CapturedLogs logs) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Azurite:Location", location);
            builder.UseSetting("Triggers:Enabled", "false");
            builder.UseSetting("Storage:ProbeSeconds", "1");
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs));
        }
    }

    [Fact]
    public async Task When_the_embedded_azurite_dies_the_app_says_so_and_starts_it_again_on_the_same_ports_and_data()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var token = timeout.Token;
        var location = Directory.CreateTempSubdirectory("azurite-watchdog-").FullName;
        var logs = new CapturedLogs();
        try
        {
            await using var app = new EmbeddedApp(location, logs);
            var emulator = app.Services.GetRequiredService<EmbeddedAzurite>();
            using var client = app.CreateClient();
            using (var first = await client.PostAsync("/api/records/employees",
                       new StringContent("""{"id":"E1","name":"Wang","department":"sales"}""", Encoding.UTF8, "application/json"), token))
            {
                Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            }

            await Task.Delay(AzuriteSaveInterval, token);
            var (pid, port) = (emulator.ProcessId, emulator.TablePort);
            emulator.Kill();

            JsonObject? health = null;
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                using var answer = await client.GetAsync("/api/health", token);
                health = await answer.Content.ReadFromJsonAsync<JsonObject>(token);
                if (answer.StatusCode == HttpStatusCode.OK && emulator.Restarts == 1 && ((string?)health!["storage"]!["emulator"])!.StartsWith("running", StringComparison.Ordinal))
                {
                    break;
                }

                await Task.Delay(250, token);
            }

            Assert.Equal("ok", (string?)health!["status"]);
            Assert.Contains("restarted 1 time", (string?)health["storage"]!["emulator"]);
            Assert.NotEqual(pid, emulator.ProcessId);
            Assert.Equal(port, emulator.TablePort);
            Assert.Equal(1, logs.Count("The embedded Azurite died"));

            using (var second = await client.PostAsync("/api/records/employees",
                       new StringContent("""{"id":"E2","name":"Li","department":"sales"}""", Encoding.UTF8, "application/json"), token))
            {
                Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            }

            var table = new Azure.Data.Tables.TableClient(emulator.ConnectionString, "employees");
            var ids = new List<string>();
            await foreach (var entity in table.QueryAsync<Azure.Data.Tables.TableEntity>(cancellationToken: token))
            {
                ids.Add(entity.RowKey);
            }

            Assert.Equal(["E1", "E2"], ids.Order());
        }
        finally
        {
            Directory.Delete(location, recursive: true);
        }
    }
}
