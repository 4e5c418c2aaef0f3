using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Standalone;
using Pipeline.Storage;
using Pipeline.Time;
using Pipeline.Runs;
using Pipeline.Reports;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Benchmarks;

/// <summary>
/// One assessment of a month of mixed records read from Azurite, beside two baselines measured in the same
/// run: reading the same entities with no fold (what Azurite allows), and the fold alone on records already
/// in memory (what the engine costs). Peak memory is this process's high-water mark (VmHWM), reset after seeding.
/// </summary>
internal static class AssessmentBenchmark
{
    public static async Task RunAsync(int records)
    {
        using var azurite = EmbeddedAzurite.Start(location: null, [AppContext.BaseDirectory], nodeOptions: "--max-old-space-size=12288");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", azurite.ConnectionString)]).Build();
        var account = StorageAccount.FromConfiguration(configuration);
        var storage = Options.Create(new StorageOptions { Prefix = "bench" });
        var tables = new RecordTables(account, storage);
        var zone = new CompanyTimeZone("Asia/Shanghai");
        var validator = new RecordValidator(zone);
        var period = Period.Parse("2026-11");

        var seed = Stopwatch.StartNew();
        var generated = Generate(records);
        foreach (var (kind, raws) in generated)
        {
            var valid = raws.Select(raw => validator.Validate(kind, raw).Record ?? throw new InvalidOperationException($"invalid {kind}")).ToList();
            await new RecordStore(tables).UpsertAsync(kind, valid);
        }

        Console.WriteLine($"seeded {generated.Sum(g => g.Value.Count):N0} records ({string.Join(", ", generated.Select(g => $"{g.Key.Name} {g.Value.Count:N0}"))}) in {seed.Elapsed.TotalSeconds:0.0} s");

        // Baseline 1: the same partitions read with no fold at all.
        var reader = new RecordReader(tables);
        var read = 0L;
        var rawWatch = Stopwatch.StartNew();
        await reader.ReadAsync(KpiCatalog.Kinds, period.Months().ToList(), page =>
        {
            Interlocked.Add(ref read, page.Records.Count);
            return ValueTask.CompletedTask;
        });
        var rawSeconds = rawWatch.Elapsed.TotalSeconds;

        // Baseline 2: the fold alone, on typed records already in memory.
        var settings = new AssessmentSettings();
        var employees = generated.Single(g => g.Key == RecordKinds.Employees).Value.Select(r => RecordKinds.Employees.Read(validator.Validate(RecordKinds.Employees, r).Record!.Values)).ToList();
        var sales = generated.Single(g => g.Key == SalesFamily.Schema).Value.Select(r => SalesFamily.Schema.Read(validator.Validate(SalesFamily.Schema, r).Record!.Values)).ToList();
        var complaints = generated.Single(g => g.Key == ComplaintsFamily.Schema).Value.Select(r => ComplaintsFamily.Schema.Read(validator.Validate(ComplaintsFamily.Schema, r).Record!.Values)).ToList();
        var surveys = generated.Single(g => g.Key == SurveysFamily.Schema).Value.Select(r => SurveysFamily.Schema.Read(validator.Validate(SurveysFamily.Schema, r).Record!.Values)).ToList();
        var foldWatch = Stopwatch.StartNew();
        var engine = new AssessmentEngine(period, settings, zone, employees);
        sales.ForEach(engine.Add);
        complaints.ForEach(engine.Add);
        surveys.ForEach(engine.Add);
        _ = engine.Complete("fold-only", DateTimeOffset.UtcNow);
        var foldSeconds = foldWatch.Elapsed.TotalSeconds;
        var folded = sales.Count + complaints.Count + surveys.Count;
        generated.Clear();
        sales = null;
        complaints = null;
        surveys = null;

        // Baseline 3: every partition the run reads (its plan: both periods, the receivables' look-back, targets), read as
        // the run reads them, 8 at a time, with no fold — what "reading its entities" costs.
        // The product's own pipeline, as the HTTP route and the timer run it (the app's services over this Azurite).
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddLogging()
            .AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime, BenchmarkLifetime>()
            .AddPipeline(new ConfigurationBuilder().AddInMemoryCollection(
            [
                new("AzureWebJobsStorage", azurite.ConnectionString), new("Storage:Prefix", "bench"), new("Assessment:FanOut", "inProcess"),
            ]).Build(), new Api.HostingInfo("benchmark", EmbeddedStorage: true));
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        T Service<T>() where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(provider);
        var pipeline = Service<AssessmentPipeline>();
        var planner = Service<RunPlanner>();
        var plan = planner.Schedule(period, "plan").Plan;
        var planRead = 0L;
        var planWatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(plan.Partitions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (work, token) =>
            await reader.ReadPartitionAsync(KpiCatalog.FindKind(work.Kind)!, work.Month, work.Partition, page =>
            {
                Interlocked.Add(ref planRead, page.Records.Count);
                return ValueTask.CompletedTask;
            }, token));
        var planSeconds = planWatch.Elapsed.TotalSeconds;

        // The assessment itself, as the HTTP route and the timer run it (read both periods, fold, publish).
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var before = Memory();
        ResetPeak();
        var watch = Stopwatch.StartNew();
        var result = System.Text.Json.JsonSerializer.Deserialize<AssessmentResult>(await pipeline.Start(period).Run, AssessmentStore.Json)!;
        var seconds = watch.Elapsed.TotalSeconds;
        var after = Memory();

        // Where the run's time goes: compute (read both periods, fold, merge, figures) and render (every report), again.
        var computeWatch = Stopwatch.StartNew();
        var planned = await planner.PlanAsync(planner.Schedule(period, "phases"), _ => Task.FromResult(new MasterDataReference("", "", 0, 0)));
        var (_, computed, engine2, figures2) = await RunCompletion.CompleteAsync(planned.Manifest, planned.Contexts,
            Service<InProcessFolds>().FoldAsync(planned.Plan, planned.Contexts));
        var computeSeconds = computeWatch.Elapsed.TotalSeconds;
        var renderWatch = Stopwatch.StartNew();
        using var reports = ReportFiles.Write(new ReportInput(computed, engine2.Details, figures2, new Dictionary<string, IReadOnlyList<(string, System.Text.Json.Nodes.JsonObject)>>(), engine2.Context), "zh-CN");
        var renderSeconds = renderWatch.Elapsed.TotalSeconds;

        Console.WriteLine();
        Console.WriteLine($"{"what",-62} {"seconds",8} {"records/s",10}");
        Console.WriteLine($"{"assessment run: read, fold, publish (" + result.Scopes.Count + " scopes)",-62} {seconds,8:0.00} {read / seconds,10:N0}");
        Console.WriteLine($"{"  of which, again: compute (read both periods, fold, merge)",-62} {computeSeconds,8:0.00}");
        Console.WriteLine($"{"  of which, again: render every report",-62} {renderSeconds,8:0.00}");
        Console.WriteLine($"{"baseline: read the same entities, no fold (Azurite's limit)",-62} {rawSeconds,8:0.00} {read / rawSeconds,10:N0}");
        Console.WriteLine($"{"baseline: read every partition of the run's plan (" + plan.Partitions.Count + "), no fold",-62} {planSeconds,8:0.00} {planRead / planSeconds,10:N0}");
        Console.WriteLine($"{"baseline: fold only, records in memory (sales+complaints+surveys)",-62} {foldSeconds,8:0.00} {folded / foldSeconds,10:N0}");
        Console.WriteLine($"ratios: run / plan read {seconds / planSeconds:0.00}× (target ≤ 1.5×); compute / plan read {computeSeconds / planSeconds:0.00}×; run / period read {seconds / rawSeconds:0.00}×");
        Console.WriteLine($"records read: {read:N0}; working set before the run {before.Current / 1048576.0:0} MiB; peak during the run (VmHWM) {after.Peak / 1048576.0:0} MiB; managed heap after {GC.GetTotalMemory(false) / 1048576.0:0} MiB");
    }

    private static (long Current, long Peak) Memory()
    {
        long Read(string key) => File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).FirstOrDefault();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    // Linux: writing 5 to clear_refs resets the peak resident set size, so VmHWM measures the run alone.
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            Console.WriteLine("(could not reset the peak RSS; VmHWM includes seeding)");
        }
        catch (UnauthorizedAccessException)
        {
            Console.WriteLine("(could not reset the peak RSS; VmHWM includes seeding)");
        }
    }

    private static Dictionary<RecordKind, List<RawRecord>> Generate(int total)
    {
        var random = new Random(42);
        var result = new Dictionary<RecordKind, List<RawRecord>>();
        void Add(RecordKind kind, Dictionary<string, string?> fields)
        {
            if (!result.TryGetValue(kind, out var list))
            {
                result[kind] = list = [];
            }

            list.Add(new RawRecord(list.Count, null, fields));
        }

        string Day() => $"2026-11-{1 + random.Next(30):D2}";
        string Instant(out DateTimeOffset at)
        {
            at = new DateTimeOffset(2026, 11, 1 + random.Next(30), random.Next(24), random.Next(60), 0, TimeSpan.FromHours(8));
            return at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        string[] departments = ["sales", "service", "marketing"];
        string[] regions = ["east", "west", "north", "south", "central"];
        const int staff = 500;
        for (var i = 0; i < staff; i++)
        {
            Add(RecordKinds.Employees, new() { ["id"] = $"E{i:D4}", ["name"] = $"Employee {i}", ["department"] = departments[i % 3], ["region"] = regions[i % 5] });
            Add(RecordKinds.Targets, new() { ["period"] = "2026-11", ["scope"] = "employee", ["scopeId"] = $"E{i:D4}", ["salesAmount"] = "50000", ["newCustomers"] = "5", ["expenseBudget"] = "2000" });
        }

        string Employee() => $"E{random.Next(staff):D4}";
        var counts = new (RecordKind Kind, double Share)[]
        {
            (SalesFamily.Schema, 0.6), (ComplaintsFamily.Schema, 0.15), (SurveysFamily.Schema, 0.1), (InquiriesFamily.Schema, 0.05),
            (ServiceTicketsFamily.Schema, 0.05), (ExpensesFamily.Schema, 0.03), (ResearchTasksFamily.Schema, 0.01), (CampaignsFamily.Schema, 0.01),
        };
        foreach (var (kind, share) in counts)
        {
            for (var i = 0; i < (int)(total * share); i++)
            {
                var id = $"{kind.Name[0]}-{i:D7}";
                switch (kind.Name)
                {
                    case "sales":
                        Add(kind, new() { ["id"] = id, ["date"] = Day(), ["employeeId"] = Employee(), ["customerId"] = $"K{random.Next(20000)}", ["product"] = $"P{random.Next(50)}", ["amount"] = (random.Next(1, 100000) / 100m).ToString(CultureInfo.InvariantCulture), ["grossProfit"] = (random.Next(0, 20000) / 100m).ToString(CultureInfo.InvariantCulture), ["newCustomer"] = random.Next(10) == 0 ? "true" : "false", ["newProduct"] = random.Next(5) == 0 ? "true" : "false" });
                        break;
                    case "complaints":
                        var received = Instant(out var at);
                        Add(kind, new() { ["id"] = id, ["receivedAt"] = received, ["customerId"] = $"K{random.Next(20000)}", ["category"] = "service", ["handlerId"] = Employee(), ["region"] = regions[random.Next(5)], ["firstResponseAt"] = at.AddHours(random.Next(1, 40)).ToString("O", CultureInfo.InvariantCulture), ["resolvedAt"] = random.Next(5) == 0 ? null : at.AddHours(random.Next(1, 300)).ToString("O", CultureInfo.InvariantCulture), ["followUpSatisfaction"] = random.Next(3) == 0 ? $"{1 + random.Next(5)}" : null });
                        break;
                    case "surveys":
                        Add(kind, new() { ["id"] = id, ["date"] = Day(), ["customerId"] = $"K{random.Next(20000)}", ["productQuality"] = $"{1 + random.Next(5)}", ["serviceQuality"] = $"{1 + random.Next(5)}", ["price"] = $"{1 + random.Next(5)}", ["credit"] = $"{1 + random.Next(5)}", ["overall"] = $"{1 + random.Next(5)}", ["recommend"] = $"{random.Next(11)}", ["employeeId"] = Employee(), ["comment"] = random.Next(4) == 0 ? "服务很好 good" : null });
                        break;
                    case "inquiries":
                        var asked = Instant(out var askedAt);
                        Add(kind, new() { ["id"] = id, ["receivedAt"] = asked, ["handlerId"] = Employee(), ["firstReplyAt"] = askedAt.AddMinutes(random.Next(10, 600)).ToString("O", CultureInfo.InvariantCulture) });
                        break;
                    case "serviceTickets":
                        var opened = Instant(out var openedAt);
                        Add(kind, new() { ["id"] = id, ["openedAt"] = opened, ["type"] = "repair", ["handlerId"] = Employee(), ["respondedAt"] = openedAt.AddHours(random.Next(1, 48)).ToString("O", CultureInfo.InvariantCulture), ["qualityCheck"] = random.Next(10) == 0 ? "fail" : "pass" });
                        break;
                    case "expenses":
                        Add(kind, new() { ["id"] = id, ["date"] = Day(), ["department"] = departments[random.Next(3)], ["category"] = "travel", ["amount"] = (random.Next(1, 50000) / 100m).ToString(CultureInfo.InvariantCulture), ["employeeId"] = Employee() });
                        break;
                    case "researchTasks":
                        Add(kind, new() { ["id"] = id, ["plannedDate"] = Day(), ["employeeId"] = Employee(), ["completedDate"] = random.Next(3) == 0 ? null : "2026-11-28" });
                        break;
                    default:
                        Add(kind, new() { ["id"] = id, ["startDate"] = Day(), ["endDate"] = "2026-12-31", ["plannedExposure"] = "1000", ["exposure"] = $"{random.Next(1500)}", ["plannedParticipants"] = "100", ["participants"] = $"{random.Next(150)}" });
                        break;
                }
            }
        }

        return result;
    }

    // The host's lifetime, for the pipeline's background runs: never stopping during the benchmark.
    private sealed class BenchmarkLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
