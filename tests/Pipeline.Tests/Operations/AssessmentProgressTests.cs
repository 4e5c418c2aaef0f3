using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Runs;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;
using Pipeline.Time;

namespace Pipeline.Tests.Operations;

/// <summary>A long assessment says how far it has got: in the log as it reads, and on its <c>202</c> status URL.</summary>
public sealed class AssessmentProgressTests(AzuriteFixture azurite)
{
    private sealed class Lines : ILogger<AssessmentProgress>
    {
        public List<string> Logged { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Logged)
            {
                Logged.Add(formatter(state, exception));
            }
        }
    }

    [Fact]
    public async Task A_run_logs_what_it_has_read_per_kind_as_it_goes_and_the_status_url_shows_it()
    {
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        var store = app.Services.GetRequiredService<AssessmentStore>();
        var lines = new Lines();
        var board = new AssessmentProgressBoard(store, TimeProvider.System, lines);
        var period = Period.Parse("2026-10");
        await store.StartAsync(period, "r-progress", DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        var progress = board.Begin(period, "r-progress");
        progress.Stage("reading");
        progress.Read("sales", 6_000);
        progress.Read("complaints", 10);
        progress.Read("sales", 6_000); // passes 10,000 sales: one line

        Assert.Contains(lines.Logged, l => l.Contains("read 12000 sales records so far", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Logged, l => l.Contains("complaints records so far", StringComparison.Ordinal));
        Assert.Equal(("reading", 12_010L), (progress.Snapshot().Stage, progress.Snapshot().TotalRead));

        // Another instance (or this one after the run's memory is gone) answers from the run's status row.
        progress.Stage("merging");
        var saved = await EventuallyAsync(() => store.ProgressAsync(period, "r-progress", TestContext.Current.CancellationToken), p => p?.Stage == "merging");
        Assert.Equal(12_000, saved!.RecordsRead["sales"]);
        using var status = await client.GetAsync("/api/assessments/2026-10?runId=r-progress", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, status.StatusCode);
        var body = JsonNode.Parse(await status.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("running", (string)body["status"]!);
        Assert.Equal("merging", (string)body["progress"]!["stage"]!);
        Assert.Equal(10, (long)body["progress"]!["recordsRead"]!["complaints"]!);
        Assert.Equal(12_010, (long)body["progress"]!["totalRead"]!);
    }

    [Fact]
    public async Task A_run_answered_202_keeps_its_progress_with_the_records_it_read()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Assessment:SyncTimeoutSeconds"] = "0" });
        using var client = app.CreateClient();
        var sales = new[] { Samples.Valid("sales").With("date", "2026-10-03"), Samples.Valid("sales").With("id", "S-2").With("date", "2026-10-04") };
        (await client.PostAsJsonAsync("/api/records/sales", sales, TestContext.Current.CancellationToken)).Dispose();

        using var started = await client.PostAsync("/api/assessments/2026-10", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["runId"]!;
        var location = started.Headers.Location!.ToString();
        await EventuallyAsync(async () => (await client.GetAsync(location, TestContext.Current.CancellationToken)).StatusCode, s => s == HttpStatusCode.OK);

        var store = app.Services.GetRequiredService<AssessmentStore>();
        var saved = await EventuallyAsync(() => store.ProgressAsync(Period.Parse("2026-10"), runId, TestContext.Current.CancellationToken), p => p?.Stage == "reporting");
        Assert.Equal("reporting", saved!.Stage);
        Assert.Equal(2, saved.RecordsRead["sales"]);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
