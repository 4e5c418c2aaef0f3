using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using Pipeline.Runs;
using Pipeline.Tests.Assessment;
using Pipeline.Tests.Infrastructure;
using Pipeline.Time;

namespace Pipeline.Tests.Runs;

/// <summary>The run's manifest (CONTRACT §9): written when a run starts, completed when it ends, with a fingerprint of its inputs.</summary>
public sealed class RunManifestTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RecordValues Sale(string id, decimal amount, string date = "2026-11-03") => new()
    {
        ["id"] = id, ["date"] = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), ["employeeId"] = "E1",
        ["customerId"] = "K1", ["product"] = "P1", ["amount"] = amount, ["newProduct"] = false, ["newCustomer"] = false,
    };

    [Fact]
    public void A_partitions_fingerprint_does_not_depend_on_the_order_its_records_are_read_in()
    {
        var records = Enumerable.Range(0, 50).Select(i => Sale($"S-{i:000}", 10m + i)).ToList();
        var forward = new RecordFingerprint(SalesFamily.Schema, "2026-11~03");
        records.ForEach(forward.Add);
        var shuffled = new RecordFingerprint(SalesFamily.Schema, "2026-11~03");
        records.OrderBy(r => ((string)r["id"]).GetHashCode(StringComparison.Ordinal)).Reverse().ToList().ForEach(shuffled.Add);

        var one = forward.Complete();
        Assert.Equal(one, shuffled.Complete());
        Assert.Equal((50L, "sales/2026-11~03"), (one.Records, one.Key));
        Assert.Matches("^[0-9a-f]{64}$", one.Sha256);
    }

    [Theory]
    [InlineData("amount", "11")]         // a changed amount
    [InlineData("amount", "10.0")]       // the stored decimal as it is: 10.0 was sent, not 10
    [InlineData("product", "P2")]        // a changed field
    [InlineData("channel", "web")]       // a field that was absent
    public void Any_change_to_a_stored_record_changes_its_partitions_fingerprint(string field, string text)
    {
        object value = field == "amount" ? decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : text;
        var records = new[] { Sale("S-1", 10m), Sale("S-2", 20m) };
        var before = new RecordFingerprint(SalesFamily.Schema, "p");
        foreach (var r in records)
        {
            before.Add(r);
        }

        records[0][field] = value;
        var after = new RecordFingerprint(SalesFamily.Schema, "p");
        foreach (var r in records)
        {
            after.Add(r);
        }

        Assert.NotEqual(before.Complete().Sha256, after.Complete().Sha256);
    }

    [Fact]
    public void The_runs_fingerprint_is_over_its_partitions_in_key_order_whatever_order_they_are_given_in()
    {
        var a = new PartitionFingerprint("sales", "2026-11~00", 3, new string('a', 64));
        var b = new PartitionFingerprint("complaints", "2026-11~01", 0, new string('b', 64));
        var c = new PartitionFingerprint("sales", "2026-10~15", 7, new string('c', 64));
        var one = InputFingerprint.Of([a, b, c]);
        Assert.Equal(one, InputFingerprint.Of([c, a, b]) with { Partitions = one.Partitions });
        Assert.Equal(["complaints/2026-11~01", "sales/2026-10~15", "sales/2026-11~00"], one.Partitions.Select(p => p.Key));
        Assert.Equal(10, one.Records);
        Assert.NotEqual(one.Sha256, InputFingerprint.Of([a, b, c with { Records = 8 }]).Sha256);
    }

    [Fact]
    public async Task The_same_records_sent_in_another_order_and_other_batches_give_the_same_fingerprint_and_a_changed_one_names_its_partition()
    {
        var records = MixedMonth.Generate(11);
        await using var first = new PipelineFactory(azurite);
        await using var second = new PipelineFactory(azurite);
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        await AssessmentHttpTests.PostAllAsync(firstClient, records);
        foreach (var (kind, list) in records.Reverse())
        {
            // Records sent in reverse and in other batches, except those that share an identity (the generator repeats some
            // on purpose): the later one wins, so their own order must stay for the stored data to be the same.
            string Identity(JsonObject r) => kind == "targets" ? $"{r["period"]}:{r["scope"]}:{r["scopeId"]}" : (string)r["id"]!;
            var repeated = list.GroupBy(Identity).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            var reordered = Enumerable.Reverse(list.Where(r => !repeated.Contains(Identity(r)))).Concat(list.Where(r => repeated.Contains(Identity(r))));
            foreach (var batch in reordered.Chunk(37))
            {
                using var response = await secondClient.PostAsJsonAsync($"/api/records/{kind}", batch, Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        var one = await RunAsync(first, firstClient);
        var two = await RunAsync(second, secondClient);
        Assert.Equal(one.Fingerprint, two.Fingerprint! with { Partitions = one.Fingerprint!.Partitions });
        Assert.Equal(one.Fingerprint.Partitions, two.Fingerprint.Partitions);
        Assert.InRange(one.Fingerprint.Records, 1000, records.Where(r => r.Key is not ("employees" or "customers")).Sum(r => r.Value.Count)); // repeats stored once
        Assert.Equal(one.MasterData.Sha256, two.MasterData.Sha256);

        // One sale's amount changed: the run's fingerprint differs in that sale's partition only.
        var sale = records["sales"].First(s => ((string)s["date"]!).StartsWith("2026-11", StringComparison.Ordinal)).DeepClone().AsObject();
        sale["amount"] = (decimal)sale["amount"]! + 1;
        using (var changed = await secondClient.PostAsync("/api/records/sales", new StringContent(sale.ToJsonString(), Encoding.UTF8, "application/json"), Token))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        var three = await RunAsync(second, secondClient);
        Assert.NotEqual(one.Fingerprint.Sha256, three.Fingerprint!.Sha256);
        var differing = Assert.Single(one.Fingerprint.Partitions.Zip(three.Fingerprint.Partitions), p => p.First != p.Second);
        Assert.Equal("sales", differing.First.Kind);
        Assert.Equal(differing.First.Records, differing.Second.Records);
    }

    [Fact]
    public async Task A_run_writes_its_manifest_when_it_starts_and_completes_it_when_it_ends()
    {
        await using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        await AssessmentHttpTests.PostAllAsync(client, MixedMonth.Generate(3));
        var manifest = await RunAsync(app, client);

        Assert.Equal((RunStatus.Completed, RunManifest.InProcessExecutor, Period.Parse("2026-11"), "monthly"), (manifest.Status, manifest.Executor, manifest.Period, manifest.Kind));
        Assert.False(manifest.Provisional);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T00:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture), manifest.CutOff);
        Assert.InRange(manifest.StartedAt, PipelineFactory.DefaultNow, PipelineFactory.DefaultNow.AddMinutes(10)); // the app's clock runs on from there
        Assert.NotNull(manifest.FinishedAt);
        Assert.Null(manifest.Restates);
        Assert.Equal(RunManifest.CurrentCodeVersion, manifest.CodeVersion);
        Assert.Contains("monthly/2026-11/assessment.json", manifest.Reports);
        Assert.Equal("Asia/Shanghai", manifest.TimeZone);
        Assert.Equal(0.4, manifest.Settings.Scorecard.Departments["sales"][0].Weight);

        // The master data it read, kept privately (customer files are confidential) and checked against its hash.
        var store = app.Services.GetRequiredService<AssessmentStore>();
        var master = await store.ReadMasterDataAsync(manifest.MasterData, Token);
        Assert.Equal((manifest.MasterData.Employees, manifest.MasterData.Customers), (master.Employees.Count, master.Customers.Count));
        Assert.True(manifest.MasterData.Employees > 0);
        using var download = await client.GetAsync($"/api/reports/{manifest.MasterData.Blob}", Token);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);

        // The manifest is where the contract says, and is not among the reports (the latest paths).
        using var file = await client.GetAsync($"/api/reports/runs/2026-11/{manifest.RunId}/{RunManifest.FileName}", Token);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("completed", (string)JsonNode.Parse(await file.Content.ReadAsStringAsync(Token))!["status"]!);
        Assert.DoesNotContain(manifest.Reports, r => r.EndsWith(RunManifest.FileName, StringComparison.Ordinal));
    }

    private static async Task<RunManifest> RunAsync(PipelineFactory app, HttpClient client)
    {
        using var run = await client.PostAsync("/api/assessments/2026-11", null, Token);
        var body = await run.Content.ReadAsStringAsync(Token);
        Assert.True(run.StatusCode == HttpStatusCode.OK, $"{run.StatusCode}: {body}");
        var runId = (string)JsonNode.Parse(body)!["runId"]!;
        return (await app.Services.GetRequiredService<AssessmentStore>().ManifestAsync(Period.Parse("2026-11"), runId, Token))!;
    }
}
