using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Runs;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Tests.Assessment;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Durable;

/// <summary>
/// The assessment as a Durable Functions fan-out in the standalone app (#19, DESIGN §4a), against the real Azurite: the
/// same result as an in-process run of the same stored month, and a failing activity failing the run cleanly.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class DurableAssessmentTests(AzuriteFixture azurite)
{
    private const string Period = "2026-11";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(string fanOut, double syncTimeoutSeconds = 150) => new()
    {
        ["Triggers:Enabled"] = "true",
        ["Assessment:FanOut"] = fanOut,
        ["Assessment:SyncTimeoutSeconds"] = syncTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // The job host that runs the orchestrations starts beside the web app (and is started afresh should its first start
    // fail); a run asked for before it runs would be refused, as the setting says, so the tests wait for it.
    internal static async Task DurableReadyAsync(PipelineFactory app)
    {
        var orchestrations = app.Services.GetRequiredService<IAssessmentOrchestrations>();
        var waited = Stopwatch.StartNew();
        while (!orchestrations.Available)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(120), "the job host running Durable Functions did not start within 120 s");
            await Task.Delay(250, Token);
        }
    }

    [Fact]
    public async Task A_durable_run_publishes_what_an_in_process_run_of_the_same_month_does()
    {
        var logs = new CapturedLogs();
        await using var app = new PipelineFactory(azurite, Settings("durable")) { TestServices = s => s.AddSingleton<ILoggerProvider>(logs) };
        using var client = app.CreateClient();
        await DurableReadyAsync(app);
        await AssessmentHttpTests.PostAllAsync(client, MixedMonth.Generate(20261124));

        var clock = Stopwatch.StartNew();
        var durable = await RunAsync(client, logs);
        var durableSeconds = clock.Elapsed.TotalSeconds;

        app.Services.GetRequiredService<IConfiguration>()["Assessment:FanOut"] = "inProcess";
        clock.Restart();
        var inProcess = await RunAsync(client, logs);
        var inProcessSeconds = clock.Elapsed.TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine($"MixedMonth {Period}: in process {inProcessSeconds:0.0} s, durable {durableSeconds:0.0} s");

        Assert.NotEqual((string)inProcess["runId"]!, (string)durable["runId"]!);
        Assert.Equal(Comparable(inProcess), Comparable(durable));
        var latest = await client.GetStringAsync($"/api/assessments/{Period}", Token);
        Assert.Equal((string)inProcess["runId"]!, (string)JsonNode.Parse(latest)!["runId"]!);

        // Who folded what stays beside the durable run's reports (one instance here: all of them); an in-process run has none.
        var fanOut = app.Services.GetRequiredService<DurableFolds>();
        var summary = await fanOut.SummaryAsync(Pipeline.Time.Period.Parse(Period), (string)durable["runId"]!, Token);
        Assert.NotNull(summary);
        Assert.True(summary.Partitions > 1, $"{summary.Partitions} partitions");
        Assert.Equal(summary.Partitions, Assert.Single(summary.Instances).Partitions);
        Assert.Equal(DurableFolds.InstanceName, summary.Instances[0].Instance);
        Assert.Equal(DurableFolds.InstanceName, summary.PublishedBy);
        Assert.Null(await fanOut.SummaryAsync(Pipeline.Time.Period.Parse(Period), (string)inProcess["runId"]!, Token));
        Assert.DoesNotContain(DurableFolds.SummaryFile, latest, StringComparison.Ordinal); // not among the report files

        // The parts are deleted once published (right after the run is recorded as completed).
        var waited = Stopwatch.StartNew();
        while ((await fanOut.PartInstancesAsync((string)durable["runId"]!, Token)).Count > 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250, Token);
        }

        Assert.Empty(await fanOut.PartInstancesAsync((string)durable["runId"]!, Token));
    }

    [Fact]
    public async Task A_failing_activity_fails_the_run_with_its_error_and_publishes_nothing()
    {
        await using var app = new PipelineFactory(azurite, Settings("durable", syncTimeoutSeconds: 0.2))
        {
            TestServices = services => services.AddSingleton<DurableFolds, FailingFanOut>(),
        };
        await FailsCleanlyAsync(app, FailingFanOut.Error);
    }

    [Fact]
    public async Task A_fold_that_never_ends_fails_the_run_at_its_deadline_and_publishes_nothing()
    {
        var settings = Settings("durable", syncTimeoutSeconds: 0.2);
        settings["Assessment:RunTimeoutMinutes"] = "0.25"; // 15 s
        await using var app = new PipelineFactory(azurite, settings)
        {
            TestServices = services => services.AddSingleton<DurableFolds, StuckFanOut>(),
        };
        await FailsCleanlyAsync(app, "did not fold its");
    }

    // Runs the stored month durably: 202, then 500 on the status URL with the error, the run failed, nothing published.
    private async Task FailsCleanlyAsync(PipelineFactory app, string error)
    {
        using var client = app.CreateClient();
        await DurableReadyAsync(app);
        await AssessmentHttpTests.PostAllAsync(client, MixedMonth.Generate(7));

        using var post = await client.PostAsync($"/api/assessments/{Period}", null, Token);
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var runId = (string)JsonNode.Parse(await post.Content.ReadAsStringAsync(Token))!["runId"]!;

        var deadline = Stopwatch.StartNew();
        HttpResponseMessage status;
        while (true)
        {
            status = await client.GetAsync($"/api/assessments/{Period}?runId={runId}", Token);
            if (status.StatusCode != HttpStatusCode.Accepted || deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                break;
            }

            status.Dispose();
            await Task.Delay(250, Token);
        }

        using (status)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, status.StatusCode);
            Assert.Contains(error, await status.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }

        var run = await app.Services.GetRequiredService<AssessmentStore>().StatusAsync(Pipeline.Time.Period.Parse(Period), runId, Token);
        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Contains(error, run.Error, StringComparison.Ordinal);

        // Nothing published: no latest result, no file of the run, no part left behind.
        using var latest = await client.GetAsync($"/api/assessments/{Period}", Token);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
        var reports = app.Services.GetRequiredService<AssessmentStore>().Reports;
        if (await reports.ExistsAsync(Token))
        {
            await foreach (var blob in reports.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, AssessmentStore.RunFolder(Pipeline.Time.Period.Parse(Period), runId), Token))
            {
                // The run's manifest stays, to explain the failure (CONTRACT §9); nothing else of the run is there.
                Assert.True(blob.Name.EndsWith($"/{RunManifest.FileName}", StringComparison.Ordinal), $"published {blob.Name}");
            }
        }

        var manifest = await app.Services.GetRequiredService<AssessmentStore>().ManifestAsync(Pipeline.Time.Period.Parse(Period), runId, Token);
        Assert.Equal((RunStatus.Failed, RunManifest.DurableExecutor), (manifest!.Status, manifest.Executor));
        Assert.Contains(error, manifest.Error, StringComparison.Ordinal);
        Assert.Null(manifest.Fingerprint);

        Assert.Empty(await app.Services.GetRequiredService<DurableFolds>().PartInstancesAsync(runId, Token));
    }

    private static async Task<JsonObject> RunAsync(HttpClient client, CapturedLogs logs)
    {
        using var run = await client.PostAsync($"/api/assessments/{Period}", null, Token);
        var body = await run.Content.ReadAsStringAsync(Token);
        Assert.True(run.StatusCode == HttpStatusCode.OK,
            $"{run.StatusCode}: {body}\n{string.Join("\n", logs.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => $"{l.Category}: {l.Message}").Take(5))}");
        return JsonNode.Parse(body)!.AsObject();
    }

    // The result apart from what differs between two runs by design.
    internal static string Comparable(JsonObject result)
    {
        var copy = result.DeepClone().AsObject();
        copy.Remove("runId");
        copy.Remove("generatedAt");
        return copy.ToJsonString();
    }

    /// <summary>Folds as the app does, except one partition of the complaints, which never ends (an instance lost mid-fold).</summary>
    private sealed class StuckFanOut(PartitionFold fold, AssessmentStore store, StorageAccount account, IOptions<StorageOptions> options)
        : DurableFolds(fold, store, account, options)
    {
        public override async Task<string> FoldPartitionAsync(FoldInput input, CancellationToken cancellationToken = default)
        {
            if (input.Work.Kind == "complaints" && input.Work.Month.ToString() == Period && input.Work.Partition.EndsWith("~03", StringComparison.Ordinal))
            {
                await Task.Delay(TimeSpan.FromMinutes(10), cancellationToken);
            }

            return await base.FoldPartitionAsync(input, cancellationToken);
        }
    }

    /// <summary>Folds as the app does, except one partition of the complaints, which fails every time.</summary>
    private sealed class FailingFanOut(PartitionFold fold, AssessmentStore store, StorageAccount account, IOptions<StorageOptions> options)
        : DurableFolds(fold, store, account, options)
    {
        public const string Error = "the partition could not be read (test)";

        public override Task<string> FoldPartitionAsync(FoldInput input, CancellationToken cancellationToken = default) =>
            input.Work.Kind == "complaints" && input.Work.Month.ToString() == Period
                ? throw new InvalidOperationException(Error)
                : base.FoldPartitionAsync(input, cancellationToken);
    }
}
