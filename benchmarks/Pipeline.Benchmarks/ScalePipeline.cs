using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using Pipeline.Reports;
using Pipeline.Runs;
using Pipeline.Storage;
using Pipeline.Time;

namespace Pipeline.Benchmarks;

/// <summary>
/// The whole assessment of the scale benchmark, shaped as <see cref="AssessmentRunner.ComputeAsync"/> and the fan-out of
/// DESIGN §4a: master data read first; then one part per (kind, month, bucket) partition, folded from the partition's
/// entities page by page (entity → values as <see cref="RecordReader"/> does, values → typed record, record → the current
/// and/or previous period's part as the runner routes it), sent through its travel form (ToPart → JSON → FromPart) as an
/// activity's result would be, and merged in the runner's sorted key order; then figures, the result with changes
/// against the previous period, and every report.
/// </summary>
/// <remarks>
/// Parts are merged as soon as every part before them in key order has arrived (an ordered fan-in), and at most 32 are
/// folded but unmerged at once, as in the runner. Same order, same result.
/// </remarks>
internal static class ScalePipeline
{
    public sealed record Stage(string Name, double Seconds, double ManagedAfterMib, double ManagedMaxMib, double PeakRssMib, double LiveMib);

    public sealed record Run(
        long Records,
        int Threads,
        int Parts,
        int Scopes,
        int Alerts,
        double AssessSeconds,
        double ReadMasterSeconds,
        double FanOutWallSeconds,
        double GenerateShare,
        double FoldShare,
        double TravelShare,
        double MergeShare,
        double MasterMergeSeconds,
        double GenerateThreadSeconds,
        double FoldThreadSeconds,
        double TravelThreadSeconds,
        double MergeThreadSeconds,
        double ScoreSeconds,
        double RenderSeconds,
        long PartJsonBytes,
        long MaxPartJsonBytes,
        int MaxPartsWaiting,
        IReadOnlyList<Stage> Stages,
        IReadOnlyDictionary<string, KindCost> Kinds,
        IReadOnlyList<RenderCost> Render,
        IReadOnlyList<ReadCost> Reads,
        ReportSet Files,
        IReadOnlyDictionary<(string Month, string Scope, string Id), Figures> Figures);

    /// <summary>Where one kind's partitions spent their time (thread-seconds) and how large their travel form was.</summary>
    public sealed record KindCost(long Records, int Parts, double Fold, double Travel, double Merge, long JsonBytes);

    /// <summary>One report rendered again on its own: time, bytes allocated, bytes written.</summary>
    public sealed record RenderCost(string Name, double Seconds, double AllocatedMib, double OutputMib);

    /// <summary>
    /// One kind's current-month records read again on one thread: entity → values (<see cref="EntityMapping.ToValues"/>),
    /// values → typed record, and the typed record folded into an engine, each timed apart, with what each allocated.
    /// </summary>
    public sealed record ReadCost(string Kind, long Records, double ToValues, double ToRecord, double Fold, double ToValuesMib, double ToRecordMib, double FoldMib);

    /// <summary>What the DuckDB baseline is checked against: one scope's sales sum and complaint figures.</summary>
    public sealed record Figures(decimal Sales, long Complaints, long Resolved, double? MedianHours, double? P90Hours);

    public static Run Execute(
        ScaleData data, int threads, string runId, DateTimeOffset generatedAt, string culture, MemorySampler? sampler = null, bool profile = false)
    {
        var settings = new AssessmentSettings();
        var period = data.Period;
        var stages = new List<Stage>();
        var stage = Stopwatch.StartNew();
        var all = Stopwatch.StartNew();
        var measuring = 0.0; // seconds spent measuring live memory, left out of the run's time
        void EndStage(string name)
        {
            var max = sampler?.TakeMax() ?? 0;
            var managed = GC.GetTotalMemory(false);
            var peak = ProcessMemory.PeakRss() / 1048576.0;
            var seconds = stage.Elapsed.TotalSeconds;

            // What the stage leaves alive (a full collection, outside the stage's time): the state, not its garbage.
            var collecting = Stopwatch.GetTimestamp();
            var live = sampler is null ? 0 : GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            measuring += Stopwatch.GetElapsedTime(collecting).TotalSeconds;
            stages.Add(new Stage(name, seconds, managed / 1048576.0, Math.Max(max, managed) / 1048576.0, peak, live));
            stage.Restart();
        }

        // Reading master data, as the runner does first: every bucket of employees and customers, sorted by id.
        var employees = new List<Employee>();
        var customers = new List<Customer>();
        var customerValues = data.CustomerValues().ToList();
        for (var bucket = 0; bucket < StorageKeys.Buckets; bucket++)
        {
            employees.AddRange(ScaleData.Entities(RecordKinds.Employees, data.EmployeeValues(), null, bucket)
                .Select(e => RecordKinds.Employees.Read(EntityMapping.ToValues(RecordKinds.Employees, e))));
            customers.AddRange(ScaleData.Entities(RecordKinds.Customers, customerValues, null, bucket)
                .Select(e => RecordKinds.Customers.Read(EntityMapping.ToValues(RecordKinds.Customers, e))));
        }

        customerValues = null;
        employees.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        customers.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var currentContext = new FoldContext(period, settings, data.Zone, employees, customers);
        var previousContext = new FoldContext(period.Previous, settings, data.Zone, employees, customers);
        var targets = data.TargetValues().ToList();
        var readMaster = stage.Elapsed.TotalSeconds;
        EndStage("read master data (employees, customers, targets)");

        // The partitions, in the runner's merge order (kind/partition, ordinal).
        var windows = KpiCatalog.ActivityKinds.ToDictionary(k => k, k => (Current: KpiCatalog.Reads(k, currentContext), Previous: KpiCatalog.Reads(k, previousContext)));
        var work = new List<(string Key, RecordKind Kind, Period Month, long Count, int Bucket)>();
        foreach (var month in new[] { period.Previous, period })
        {
            work.AddRange(Enumerable.Range(0, StorageKeys.Buckets).Select(b => ($"{RecordKinds.Targets.Name}/{StorageKeys.PartitionOf(month, b)}", (RecordKind)RecordKinds.Targets, month, 0L, b)));
        }

        foreach (var (kind, month, count) in data.Plan)
        {
            work.AddRange(Enumerable.Range(0, StorageKeys.Buckets).Select(b => ($"{kind.Name}/{StorageKeys.PartitionOf(month, b)}", kind, month, count, b)));
        }

        work.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));

        // The merged engines start with the master data folded once (customer files), as the runner's do.
        var masterWatch = Stopwatch.StartNew();
        var total = new AssessmentEngine(currentContext);
        var before = new AssessmentEngine(previousContext);
        total.AddMasterData();
        before.AddMasterData();
        var masterMerge = masterWatch.Elapsed.TotalSeconds;

        var gate = new object();
        var waiting = new Dictionary<int, (AssessmentEngine? Current, AssessmentEngine? Previous)>();
        var next = 0;
        var merging = false;
        var maxWaiting = 0;
        long partBytes = 0, maxPartBytes = 0, folded = 0;
        long generateTicks = 0, foldTicks = 0, travelTicks = 0, mergeTicks = 0;
        var kinds = new ConcurrentDictionary<string, long[]>(StringComparer.Ordinal);
        var fanOut = Stopwatch.StartNew();
        // As the runner: a partition starts only while fewer than 32 parts are folded but unmerged (permits taken in key
        // order, so the part the merge waits for has always started).
        using var window = new SemaphoreSlim(32);
        IEnumerable<int> InWindow()
        {
            for (var i = 0; i < work.Count; i++)
            {
                window.Wait();
                yield return i;
            }
        }

        Parallel.ForEach(
            Partitioner.Create(InWindow(), EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => new long[5],
            (index, _, ticks) =>
            {
                var (_, kind, month, count, bucket) = work[index];
                var toCurrent = kind == RecordKinds.Targets || windows[kind].Current.Overlaps(month);
                var toPrevious = kind == RecordKinds.Targets || windows[kind].Previous.Overlaps(month);
                var current = toCurrent ? new AssessmentEngine(currentContext) : null;
                var previous = toPrevious ? new AssessmentEngine(previousContext) : null;
                var pages = kind == RecordKinds.Targets
                    ? [ScaleData.Entities(RecordKinds.Targets, targets, month, bucket)]
                    : data.Pages(kind, month, count, bucket);
                var cost = kinds.GetOrAdd(kind.Name, _ => new long[6]);
                var (fold0, records0) = (ticks[1], ticks[4]);
                using var enumerator = pages.GetEnumerator();
                while (true)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    var more = enumerator.MoveNext();
                    var t1 = Stopwatch.GetTimestamp();
                    ticks[0] += t1 - t0;
                    if (!more)
                    {
                        break;
                    }

                    List<TableEntity> page = enumerator.Current;
                    foreach (var entity in page)
                    {
                        var record = kind.ReadRecord(EntityMapping.ToValues(kind, entity));
                        current?.Add(record);
                        previous?.Add(record);
                    }

                    ticks[4] += kind == RecordKinds.Targets ? 0 : page.Count;
                    ticks[1] += Stopwatch.GetTimestamp() - t1;
                }

                var t2 = Stopwatch.GetTimestamp();
                var bytes0 = Interlocked.Read(ref partBytes);
                var travelled = (Current: Travel(current, currentContext), Previous: Travel(previous, previousContext));
                var travelTicks0 = Stopwatch.GetTimestamp() - t2;
                ticks[2] += travelTicks0;
                Interlocked.Add(ref cost[0], kind == RecordKinds.Targets ? 0 : ticks[4] - records0);
                Interlocked.Increment(ref cost[1]);
                Interlocked.Add(ref cost[2], ticks[1] - fold0);
                Interlocked.Add(ref cost[3], travelTicks0);
                Interlocked.Add(ref cost[5], Interlocked.Read(ref partBytes) - bytes0); // approximate when parts travel at once

                // Ordered fan-in: whoever finds the next part in key order waiting merges it, and every one after it that waits.
                lock (gate)
                {
                    waiting[index] = travelled;
                    maxWaiting = Math.Max(maxWaiting, waiting.Count);
                    if (merging)
                    {
                        return ticks;
                    }

                    merging = true;
                }

                while (true)
                {
                    (AssessmentEngine? Current, AssessmentEngine? Previous) part;
                    lock (gate)
                    {
                        if (!waiting.Remove(next, out part))
                        {
                            merging = false;
                            break;
                        }

                        next++;
                    }

                    window.Release();

                    var t3 = Stopwatch.GetTimestamp();
                    if (part.Current is { } c)
                    {
                        total.Merge(c);
                    }

                    if (part.Previous is { } p)
                    {
                        before.Merge(p);
                    }

                    var merged = Stopwatch.GetTimestamp() - t3;
                    ticks[3] += merged;
                    Interlocked.Add(ref kinds[work[next - 1].Kind.Name][4], merged);
                }

                return ticks;
            },
            ticks =>
            {
                Interlocked.Add(ref generateTicks, ticks[0]);
                Interlocked.Add(ref foldTicks, ticks[1]);
                Interlocked.Add(ref travelTicks, ticks[2]);
                Interlocked.Add(ref mergeTicks, ticks[3]);
                Interlocked.Add(ref folded, ticks[4]);
            });
        var fanOutWall = fanOut.Elapsed.TotalSeconds;
        if (next != work.Count || waiting.Count != 0)
        {
            throw new InvalidOperationException($"merged {next} of {work.Count} parts; {waiting.Count} left waiting");
        }

        EndStage("fan-out: generate, convert + fold, travel, ordered merge");

        // Scores, alerts, changes against the previous period: the runner's Complete.
        var scoreWatch = Stopwatch.StartNew();
        var figures = total.Figures();
        var previousFigures = before.Figures();
        var folder = AssessmentStore.Folder(period);
        var result = total.Complete(runId, generatedAt, figures, previousFigures, before.Period) with
        {
            Reports = ReportFiles.Names(culture).Select(name => $"{folder}/{name}").ToList(),
        };
        var score = scoreWatch.Elapsed.TotalSeconds;
        EndStage("figures, scores, alerts, changes (both periods)");

        // Every report; no stored history here (the runner reads eleven earlier results from the store).
        var renderWatch = Stopwatch.StartNew();
        var files = ReportFiles.Write(
            new ReportInput(result, total.Details, figures, new Dictionary<string, IReadOnlyList<(string, JsonObject)>>(), total.Context), culture);
        var render = renderWatch.Elapsed.TotalSeconds;
        var assess = all.Elapsed.TotalSeconds - measuring;
        EndStage("render every report");

        // Optionally, each report again on its own (after the peak above was taken): time, allocation, output.
        var renders = new List<RenderCost>();
        var reads = new List<ReadCost>();
        if (profile)
        {
            var input = new ReportInput(result, total.Details, figures, new Dictionary<string, IReadOnlyList<(string, JsonObject)>>(), total.Context);
            var text = ReportText.For(culture);
            void Measure(string name, Func<int> render)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                var length = render();
                renders.Add(new RenderCost(name, watch.Elapsed.TotalSeconds, (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1048576.0, length / 1048576.0));
            }

            Measure("assessment.html", () => AssessmentHtml.Render(input, text, "x").Length);
            Measure("satisfaction-analysis.html", () => SatisfactionHtml.Render(input, text, "x").Length);
            Measure("complaint-analysis.html", () => ComplaintHtml.Render(input, text, "x").Length);
            Measure("customer-analysis.html", () => CustomerHtml.Render(input, text, "x").Length);
            Measure("assessment.json", () => JsonSerializer.SerializeToUtf8Bytes(result, AssessmentStore.Json).Length);
            Measure("assessment.csv", () => AssessmentCsv.Write(result).Length);
            Measure("assessment.xlsx", () => WorkbookWriter.Write(input, text).Length);

            foreach (var (kind, month, count) in data.Plan.Where(p => p.Month == period))
            {
                var engine = new AssessmentEngine(currentContext);
                long records = 0, values = 0, typed = 0, fold = 0, valuesBytes = 0, typedBytes = 0, foldBytes = 0;
                for (var bucket = 0; bucket < StorageKeys.Buckets; bucket++)
                {
                    foreach (var page in data.Pages(kind, month, count, bucket))
                    {
                        foreach (var entity in page)
                        {
                            var (a0, t0) = (GC.GetAllocatedBytesForCurrentThread(), Stopwatch.GetTimestamp());
                            var read = EntityMapping.ToValues(kind, entity);
                            var (a1, t1) = (GC.GetAllocatedBytesForCurrentThread(), Stopwatch.GetTimestamp());
                            var record = kind.ReadRecord(read);
                            var (a2, t2) = (GC.GetAllocatedBytesForCurrentThread(), Stopwatch.GetTimestamp());
                            engine.Add(record);
                            var (a3, t3) = (GC.GetAllocatedBytesForCurrentThread(), Stopwatch.GetTimestamp());
                            (values, typed, fold) = (values + t1 - t0, typed + t2 - t1, fold + t3 - t2);
                            (valuesBytes, typedBytes, foldBytes) = (valuesBytes + a1 - a0, typedBytes + a2 - a1, foldBytes + a3 - a2);
                            records++;
                        }
                    }
                }

                reads.Add(new ReadCost(kind.Name, records, Seconds(values), Seconds(typed), Seconds(fold), valuesBytes / 1048576.0, typedBytes / 1048576.0, foldBytes / 1048576.0));
            }
        }

        var check = new Dictionary<(string, string, string), Figures>();
        foreach (var (month, list) in new[] { (period.ToString(), figures), (period.Previous.ToString(), previousFigures) })
        {
            foreach (var f in list)
            {
                var hours = (HoursValue)f.Kpis[ComplaintsFamily.ComplaintResolutionHours];
                check[(month, f.Key.KindName, f.Key.Id)] = new Figures(
                    ((AmountValue)f.Kpis[SalesFamily.SalesAmount]).Value, ((ComplaintCountValue)f.Kpis[ComplaintsFamily.ComplaintsReceived]).Value,
                    hours.N, hours.Value, hours.P90);
            }
        }

        double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;
        var busy = Seconds(generateTicks + foldTicks + travelTicks + mergeTicks);
        double Share(long ticks) => busy == 0 ? 0 : fanOutWall * Seconds(ticks) / busy;
        return new Run(
            folded, threads, work.Count, result.Scopes.Count, result.Alerts.Count, assess, readMaster, fanOutWall,
            Share(generateTicks), Share(foldTicks), Share(travelTicks), Share(mergeTicks), masterMerge,
            Seconds(generateTicks), Seconds(foldTicks), Seconds(travelTicks), Seconds(mergeTicks), score, render,
            partBytes, maxPartBytes, maxWaiting, stages,
            kinds.ToDictionary(k => k.Key, k => new KindCost(k.Value[0], (int)k.Value[1], Seconds(k.Value[2]), Seconds(k.Value[3]), Seconds(k.Value[4]), k.Value[5])),
            renders, reads, files, check);

        AssessmentEngine? Travel(AssessmentEngine? engine, FoldContext context)
        {
            if (engine is null)
            {
                return null;
            }

            var json = JsonSerializer.SerializeToUtf8Bytes(engine.ToPart());
            Interlocked.Add(ref partBytes, json.Length);
            long seen;
            while ((seen = Interlocked.Read(ref maxPartBytes)) < json.Length && Interlocked.CompareExchange(ref maxPartBytes, json.Length, seen) != seen)
            {
            }

            return AssessmentEngine.FromPart(JsonSerializer.Deserialize<EnginePart>(json)!, context);
        }
    }
}
