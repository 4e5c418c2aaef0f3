using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// Ingestion sustained for two minutes (<c>PIPELINE_LOAD_SECONDS</c>) against the standalone app run as its own process,
/// as on a laptop: no error, and its memory flat (measured by the app itself, in <c>/api/health</c>).
/// </summary>
[Trait("Category", "Reliability")]
public sealed class SustainedLoadTests(AzuriteFixture azurite)
{
    private static TimeSpan Duration => TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("PIPELINE_LOAD_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 120);

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(long WorkingSet, long Heap)> MemoryAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var health = await client.GetFromJsonAsync<JsonObject>("/api/health", cancellationToken);
        return ((long)health!["memory"]!["workingSetBytes"]!, (long)health["memory"]!["managedHeapBytes"]!);
    }

    [Fact]
    public async Task Two_minutes_of_ingestion_answer_every_post_with_200_and_memory_stays_flat()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Duration + TimeSpan.FromMinutes(2));
        var token = timeout.Token;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pipeline.Standalone.dll"));
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["Storage__Prefix"] = AzuriteFixture.NewPrefix();
        start.Environment["Triggers__Enabled"] = "false";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var app = Process.Start(start)!;
        app.OutputDataReceived += (_, _) => { };
        app.ErrorDataReceived += (_, _) => { };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            var ready = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var health = await client.GetAsync("/api/health", token);
                    if (health.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (ready.Elapsed < TimeSpan.FromSeconds(60))
                {
                }

                await Task.Delay(200, token);
            }

            // Two senders, each five posts of 100 sales a second at most, over 5,000 ids each (updates after the first pass).
            var posts = 0;
            var failures = new List<string>();
            var clock = Stopwatch.StartNew();
            async Task SendAsync(int sender)
            {
                for (var batch = 0; clock.Elapsed < Duration; batch++)
                {
                    var pace = Task.Delay(200, token);
                    var first = sender * 5_000 + (batch * 100 % 5_000);
                    var body = JsonSerializer.Serialize(Enumerable.Range(first, 100).Select(i => new Dictionary<string, object>
                    {
                        ["id"] = $"L-{i}", ["date"] = $"2026-11-{1 + (i % 28):00}", ["employeeId"] = $"E{i % 50}", ["customerId"] = $"K{i % 500}",
                        ["product"] = $"P{i % 20}", ["amount"] = 100 + (i % 900) + (batch % 7) / 10m,
                    }));
                    using var response = await client.PostAsync("/api/records/sales", new StringContent(body, Encoding.UTF8, "application/json"), token);
                    Interlocked.Increment(ref posts);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        var failure = $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}";
                        lock (failures)
                        {
                            failures.Add(failure);
                        }
                    }

                    await pace;
                }
            }

            var load = Task.WhenAll(SendAsync(0), SendAsync(1));
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(15, Duration.TotalSeconds / 4)), token); // warm-up: JIT, pools, first pass of ids
            var atStart = await MemoryAsync(client, token);
            var samples = new List<(long WorkingSet, long Heap)> { atStart };
            while (!load.IsCompleted)
            {
                await Task.WhenAny(load, Task.Delay(5_000, token));
                samples.Add(await MemoryAsync(client, token));
            }

            await load;
            var atEnd = samples[^1];
            static double MiB(long bytes) => bytes / 1024.0 / 1024.0;
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{Duration.TotalSeconds:0} s: {posts} posts ({posts * 100} records, {posts * 100 / Duration.TotalSeconds:0}/s), failures {failures.Count}; " +
                $"working set {MiB(atStart.WorkingSet):0} MiB after warm-up → {MiB(atEnd.WorkingSet):0} MiB at the end (peak {MiB(samples.Max(s => s.WorkingSet)):0}); " +
                $"managed heap {MiB(atStart.Heap):0} → {MiB(atEnd.Heap):0} MiB (peak {MiB(samples.Max(s => s.Heap)):0})");
            Assert.Empty(failures);
            Assert.True(posts > Duration.TotalSeconds * 2, $"only {posts} posts in {Duration.TotalSeconds} s");

            // Flat: the second half of the run does not climb above the first half's peak by more than a quarter.
            var firstHalf = samples.Take(samples.Count / 2).ToList();
            var secondHalf = samples.Skip(samples.Count / 2).ToList();
            Assert.True(secondHalf.Max(s => s.WorkingSet) <= firstHalf.Max(s => s.WorkingSet) * 1.25,
                $"working set grew: {string.Join(", ", samples.Select(s => $"{MiB(s.WorkingSet):0}"))} MiB");
            Assert.True(atEnd.Heap <= Math.Max(firstHalf.Max(s => s.Heap) * 1.5, 64L * 1024 * 1024),
                $"managed heap grew: {string.Join(", ", samples.Select(s => $"{MiB(s.Heap):0}"))} MiB");
        }
        finally
        {
            if (!app.HasExited)
            {
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync(CancellationToken.None);
            }
        }
    }
}
