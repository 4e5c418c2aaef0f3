using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Runs;
using Pipeline.Tests.Assessment;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Durable;

/// <summary>
/// The project's end-to-end test of the assessment (<see cref="AssessmentHttpTests"/>) through the orchestration: a seeded
/// month and a seeded year posted over HTTP, assessed as a Durable Functions fan-out, agree with the reference computation
/// of the contract on every figure, and publish what an in-process run of the same stored data does.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class DurableReferenceTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(7, "2026-11")]
    [InlineData(20261124, "2026")]
    public async Task A_durable_run_agrees_with_the_reference_and_with_an_in_process_run(int seed, string period)
    {
        await using var app = new PipelineFactory(azurite, new Dictionary<string, string?>
        {
            ["Triggers:Enabled"] = "true",
            ["Assessment:FanOut"] = "durable",
            ["Assessment:SyncTimeoutSeconds"] = "600",
        });
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(10); // a year's durable run outlasts HttpClient's 100 s
        await DurableAssessmentTests.DurableReadyAsync(app);

        var records = MixedMonth.Generate(seed);
        await AssessmentHttpTests.PostAllAsync(client, records);

        var clock = Stopwatch.StartNew();
        var durable = await RunAsync(client, period);
        var durableSeconds = clock.Elapsed.TotalSeconds;
        var summary = await app.Services.GetRequiredService<DurableFolds>().SummaryAsync(Pipeline.Time.Period.Parse(period), (string)durable["runId"]!, Token);
        Assert.NotNull(summary); // it did go through the orchestration
        AssessmentHttpTests.AssertMatchesReference(records, period, durable);

        app.Services.GetRequiredService<IConfiguration>()["Assessment:FanOut"] = "inProcess";
        clock.Restart();
        var inProcess = await RunAsync(client, period);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {seed}, {period}: {summary.Partitions} partitions; durable {durableSeconds:0.0} s, in process {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(DurableAssessmentTests.Comparable(inProcess), DurableAssessmentTests.Comparable(durable));

        // Both runs' manifests: the same input fingerprint (16 partitions an activity against 8 folds at once in process,
        // in whatever order they finished), over every partition the plan read, each counted and hashed.
        var store = app.Services.GetRequiredService<AssessmentStore>();
        var parsed = Pipeline.Time.Period.Parse(period);
        var durableManifest = await store.ManifestAsync(parsed, (string)durable["runId"]!, Token);
        var inProcessManifest = await store.ManifestAsync(parsed, (string)inProcess["runId"]!, Token);
        Assert.Equal((RunStatus.Completed, RunManifest.DurableExecutor), (durableManifest!.Status, durableManifest.Executor));
        Assert.Equal((RunStatus.Completed, RunManifest.InProcessExecutor), (inProcessManifest!.Status, inProcessManifest.Executor));
        Assert.Equal(summary.Partitions, durableManifest.Fingerprint!.Partitions.Count);
        Assert.Equal(durableManifest.Fingerprint, inProcessManifest.Fingerprint! with { Partitions = durableManifest.Fingerprint.Partitions });
        Assert.Equal(durableManifest.Fingerprint.Partitions, inProcessManifest.Fingerprint.Partitions);
        Assert.Equal(durableManifest.MasterData.Sha256, inProcessManifest.MasterData.Sha256);
    }

    private static async Task<JsonObject> RunAsync(HttpClient client, string period)
    {
        using var run = await client.PostAsync($"/api/assessments/{period}", null, Token);
        var body = await run.Content.ReadAsStringAsync(Token);
        Assert.True(run.StatusCode == HttpStatusCode.OK, $"{run.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
