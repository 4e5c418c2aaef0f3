using System.Globalization;
using System.Runtime;
using System.Text.Json.Nodes;
using Pipeline.Settings;
using Pipeline.Time;
using Pipeline.Kpis;

namespace Pipeline.Benchmarks;

/// <summary>
/// The whole pipeline over N records made in memory (no storage: Azurite cannot hold a million rows here), beside DuckDB
/// computing the same per-scope sums, counts, means and medians over the same records in the same run. Prints figures and
/// asserts nothing, except that the result does not depend on the parallelism (checked once at a small N). The last line
/// is one JSON object.
/// </summary>
internal static class ScaleBenchmark
{
    private static readonly DateTimeOffset CheckTime = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    public static int Run(long records, int threads, long checkRecords)
    {
        var zone = new CompanyTimeZone(CompanyTimeZone.DefaultId);
        var settings = new AssessmentSettings();
        var period = Period.Parse("2026-11");
        var culture = new ReportOptions().Culture;
        Console.WriteLine($"scale: {records:N0} records, period {period}, {threads} threads of {Environment.ProcessorCount} cores, " +
            $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, .NET {Environment.Version}");

        // Once, at a small N: 1 thread against 2 must give the same assessment.json, byte for byte (same run id and time).
        if (!DeterminismCheck(checkRecords, period, zone, settings, culture))
        {
            return 1;
        }

        // The pipeline at N, its peak measured from a settled floor.
        var data = new ScaleData(records, period, zone, settings);
        ProcessMemory.Settle();
        var floor = ProcessMemory.Rss();
        var reset = ProcessMemory.ResetPeak();
        ScalePipeline.Run? run;
        using (var sampler = new MemorySampler())
        {
            run = ScalePipeline.Execute(data, threads, "scale", DateTimeOffset.UtcNow, culture, sampler, profile: true);
        }

        var peak = (long)(run.Stages[^1].PeakRssMib * 1048576); // taken at the end of rendering, before the profile pass
        var summary = run with { Figures = new Dictionary<(string, string, string), ScalePipeline.Figures>() };
        Console.WriteLine();
        Console.WriteLine($"pipeline: {summary.Records:N0} records folded ({string.Join(", ", data.Plan.GroupBy(p => p.Kind.Name).Select(g => $"{g.Key} {g.Sum(p => p.Count):N0}"))})");
        Console.WriteLine($"  {ScaleData.Employees:N0} employees, {ScaleData.Customers:N0} customer files, {summary.Parts:N0} partitions (kind × month × {Storage.StorageKeys.Buckets} buckets), {summary.Scopes:N0} scopes, {summary.Alerts:N0} alerts");
        Console.WriteLine($"  process RSS before the run {floor / 1048576.0:0} MiB{(reset ? "" : " (peak could not be reset: it includes the check)")}");
        Console.WriteLine();
        Console.WriteLine($"{"stage",-58} {"wall s",8} {"heap after",11} {"heap max",9} {"peak RSS",9} {"live after",11}");
        foreach (var stage in summary.Stages)
        {
            Console.WriteLine($"{stage.Name,-58} {stage.Seconds,8:0.00} {stage.ManagedAfterMib,8:0} MiB {stage.ManagedMaxMib,5:0} MiB {stage.PeakRssMib,5:0} MiB {stage.LiveMib,7:0} MiB");
        }

        Console.WriteLine();
        Console.WriteLine($"fan-out {summary.FanOutWallSeconds:0.00} s wall on {threads} threads; thread-seconds: generate {summary.GenerateThreadSeconds:0.00}, convert + fold {summary.FoldThreadSeconds:0.00}, " +
            $"travel {summary.TravelThreadSeconds:0.00}, merge {summary.MergeThreadSeconds:0.00}; wall shares: generate {summary.GenerateShare:0.00}, fold {summary.FoldShare:0.00}, travel {summary.TravelShare:0.00}, merge {summary.MergeShare:0.00}");
        Console.WriteLine($"{"by kind (thread-seconds)",-24} {"records",10} {"parts",6} {"fold",7} {"travel",7} {"merge",7} {"part JSON",10}");
        foreach (var (kind, cost) in summary.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{kind,-24} {cost.Records,10:N0} {cost.Parts,6} {cost.Fold,7:0.00} {cost.Travel,7:0.00} {cost.Merge,7:0.00} {cost.JsonBytes / 1048576.0,6:0.0} MiB");
        }

        Console.WriteLine($"{"each report again",-30} {"seconds",8} {"allocated",10} {"output",9}");
        foreach (var cost in summary.Render)
        {
            Console.WriteLine($"{cost.Name,-30} {cost.Seconds,8:0.00} {cost.AllocatedMib,6:0} MiB {cost.OutputMib,5:0.0} MiB");
        }

        Console.WriteLine($"{"read again, one thread (s, MiB)",-24} {"records",10} {"values",7} {"typed",7} {"fold",7} {"µs/rec",7} {"values",7} {"typed",7} {"fold",7}");
        foreach (var cost in summary.Reads)
        {
            var perRecord = cost.Records == 0 ? 0 : 1e6 * (cost.ToValues + cost.ToRecord + cost.Fold) / cost.Records;
            Console.WriteLine($"{cost.Kind,-24} {cost.Records,10:N0} {cost.ToValues,7:0.00} {cost.ToRecord,7:0.00} {cost.Fold,7:0.00} {perRecord,7:0.0} {cost.ToValuesMib,7:0} {cost.ToRecordMib,7:0} {cost.FoldMib,7:0}");
        }

        Console.WriteLine($"travel form: {summary.PartJsonBytes / 1048576.0:0.0} MiB of JSON over all parts, largest part {summary.MaxPartJsonBytes / 1048576.0:0.00} MiB; at most {summary.MaxPartsWaiting} travelled parts waiting for the ordered merge");
        Console.WriteLine($"reports: {string.Join(", ", run!.Files.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name} {f.Length / 1024.0:N0} KiB"))}");
        Console.WriteLine($"workbook rows by sheet: {WorkbookRows(run!.Files["assessment.xlsx"].Read().ToArray())}");
        var reportBytes = run!.Files.Sum(f => f.Length);
        var pipelineFigures = run!.Figures;
        run.Files.Dispose();
        run = null;

        // DuckDB over the same records, after the pipeline has let go of its memory.
        ProcessMemory.Settle();
        var duckFloor = ProcessMemory.Rss();
        ProcessMemory.ResetPeak();
        var duck = ScaleDuckDb.Execute(data, threads);
        var duckPeak = ProcessMemory.PeakRss();
        Console.WriteLine();
        Console.WriteLine($"duckdb: loaded {duck.Rows:N0} rows (sales and complaints, both months, regenerated from the same seeds) through the Appender in {duck.LoadSeconds:0.00} s; " +
            $"queries: sales {duck.SalesQuerySeconds:0.000} s, complaints {duck.ComplaintsQuerySeconds:0.000} s; process RSS {duckFloor / 1048576.0:0} MiB before, peak {duckPeak / 1048576.0:0} MiB");
        Console.WriteLine("  computes per month and scope: sales sum, count, mean, median; complaints received, resolved, median and p90 resolution hours. " +
            "Not: the other 17 families, targets, scores, alerts, changes, reports.");
        CrossCheck(pipelineFigures, duck);

        var fold = summary.FoldShare;
        var merge = summary.MergeShare + summary.MasterMergeSeconds;
        var result = new JsonObject
        {
            ["records"] = summary.Records,
            ["fold_s"] = Round(fold),
            ["merge_s"] = Round(merge),
            ["assess_s"] = Round(summary.AssessSeconds),
            ["duckdb_s"] = Round(duck.QuerySeconds),
            ["peak_working_set_mib"] = Math.Round(peak / 1048576.0),
            ["peak_includes_duckdb"] = false,
            ["generate_s"] = Round(summary.GenerateShare),
            ["travel_s"] = Round(summary.TravelShare),
            ["read_master_s"] = Round(summary.ReadMasterSeconds),
            ["fanout_wall_s"] = Round(summary.FanOutWallSeconds),
            ["score_s"] = Round(summary.ScoreSeconds),
            ["render_s"] = Round(summary.RenderSeconds),
            ["fold_vs_duckdb"] = Round(fold / duck.QuerySeconds),
            ["fold_vs_duckdb_load_and_queries"] = Round(fold / (duck.LoadSeconds + duck.QuerySeconds)),
            ["assess_vs_fold"] = Round(summary.AssessSeconds / fold),
            ["duckdb_load_s"] = Round(duck.LoadSeconds),
            ["duckdb_rows"] = duck.Rows,
            ["duckdb_peak_working_set_mib"] = Math.Round(duckPeak / 1048576.0),
            ["rss_before_pipeline_mib"] = Math.Round(floor / 1048576.0),
            ["peak_managed_heap_mib"] = Math.Round(summary.Stages.Max(s => s.ManagedMaxMib)),
            ["parts"] = summary.Parts,
            ["parts_json_mib"] = Round(summary.PartJsonBytes / 1048576.0),
            ["max_parts_waiting"] = summary.MaxPartsWaiting,
            ["scopes"] = summary.Scopes,
            ["alerts"] = summary.Alerts,
            ["reports_mib"] = Round(reportBytes / 1048576.0),
            ["threads"] = threads,
            ["cores"] = Environment.ProcessorCount,
            ["determinism_check"] = $"identical at {checkRecords:N0} records, 1 vs 2 threads",
        };
        Console.WriteLine();
        Console.WriteLine($"fold {fold:0.00} s = {fold / duck.QuerySeconds:0.0}× DuckDB's queries ({duck.QuerySeconds:0.00} s; target ≤ 3×), " +
            $"{fold / (duck.LoadSeconds + duck.QuerySeconds):0.0}× its load and queries ({duck.LoadSeconds + duck.QuerySeconds:0.00} s; the fold converts its records too); whole run {summary.AssessSeconds:0.00} s = " +
            $"{summary.AssessSeconds / fold:0.0}× the fold (target ≤ 5×); peak working set {peak / 1048576.0:0} MiB (target < 500 MiB)");
        Console.WriteLine(result.ToJsonString());
        return 0;
    }

    // In a method of its own, so nothing of the two check runs (their report files, some 150 MiB at 20,000 records with
    // 3,000 employees) stays reachable from the caller's stack while the pipeline at N is measured.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool DeterminismCheck(long checkRecords, Period period, CompanyTimeZone zone, AssessmentSettings settings, string culture)
    {
        var small = new ScaleData(checkRecords, period, zone, settings);
        var one = ScalePipeline.Execute(small, 1, "determinism-check", CheckTime, culture);
        var two = ScalePipeline.Execute(small, 2, "determinism-check", CheckTime, culture);
        using var files1 = one.Files;
        using var files2 = two.Files;
        var json1 = files1["assessment.json"].Read().ToArray();
        var json2 = files2["assessment.json"].Read().ToArray();
        var others = files1.Select(f => f.Name).Where(k => k != "assessment.json").Order(StringComparer.Ordinal)
            .Select(k => $"{k} {Compare(k, files1[k].Read().ToArray(), files2[k].Read().ToArray())}").ToList();
        if (!json1.AsSpan().SequenceEqual(json2))
        {
            Console.WriteLine($"DETERMINISM CHECK FAILED: assessment.json differs between 1 and 2 threads ({small.Records:N0} records, {json1.Length:N0} vs {json2.Length:N0} bytes)");
            File.WriteAllBytes("scale-check-1-thread.json", json1);
            File.WriteAllBytes("scale-check-2-threads.json", json2);
            Console.WriteLine("wrote scale-check-1-thread.json and scale-check-2-threads.json for a diff");
            return false;
        }

        Console.WriteLine($"determinism: assessment.json identical with 1 and 2 threads ({small.Records:N0} records, {one.Scopes:N0} scopes, {json1.Length:N0} bytes; " +
            $"same run id and time); other files: {string.Join(", ", others)}");
        return true;
    }

    private static double Round(double value) => Math.Round(value, 3);

    // How many rows each sheet of a workbook has (sheets in workbook order), read from the package's XML.
    private static string WorkbookRows(byte[] bytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        string Read(string entry)
        {
            using var reader = new StreamReader(zip.GetEntry(entry)!.Open());
            return reader.ReadToEnd();
        }

        var names = System.Text.RegularExpressions.Regex.Matches(Read("xl/workbook.xml"), "<(?:x:)?sheet [^>]*name=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        return string.Join(", ", names.Select((name, i) =>
            $"{name} {System.Text.RegularExpressions.Regex.Count(zip.GetEntry($"xl/worksheets/sheet{i + 1}.xml") is null ? "" : Read($"xl/worksheets/sheet{i + 1}.xml"), "<x:row |<row "):N0}"));
    }

    // Files byte for byte. The workbook is written deterministically too (WorkbookWriter: no creation time, fixed entry
    // times); should one ever differ, it is compared entry by entry, apart from the package's core properties.
    private static string Compare(string name, byte[] a, byte[] b)
    {
        if (a.AsSpan().SequenceEqual(b))
        {
            return "same";
        }

        if (!name.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            return "DIFFERS";
        }

        static Dictionary<string, byte[]> Entries(byte[] bytes)
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
            return zip.Entries.ToDictionary(e => e.FullName, e =>
            {
                using var stream = e.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            }, StringComparer.Ordinal);
        }

        var (left, right) = (Entries(a), Entries(b));
        var differing = left.Keys.Union(right.Keys).Where(k => !left.TryGetValue(k, out var x) || !right.TryGetValue(k, out var y) || !x.AsSpan().SequenceEqual(y)).ToList();
        // The package's metadata: its core-properties part (a random name, the creation time) and the relationship naming it.
        static bool Metadata(string entry) => entry is "docProps/core.xml" or "_rels/.rels" || entry.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal);
        return differing.All(Metadata) ? "same apart from the package's core properties (a random part name, the creation time)" : $"DIFFERS in {string.Join(", ", differing)}";
    }

    // The figures both compute: the pipeline's sales sums and complaint figures beside DuckDB's, scope by scope.
    private static void CrossCheck(IReadOnlyDictionary<(string Month, string Scope, string Id), ScalePipeline.Figures> pipeline, ScaleDuckDb.Result duck)
    {
        var salesEqual = 0;
        var complaintsEqual = 0;
        var mismatches = new List<string>();
        double maxHoursDiff = 0;
        foreach (var (key, row) in duck.Sales)
        {
            if (pipeline.TryGetValue(key, out var mine) && mine.Sales == row.Sum)
            {
                salesEqual++;
            }
            else
            {
                mismatches.Add($"sales {key}: pipeline {(pipeline.TryGetValue(key, out var m) ? m.Sales.ToString(CultureInfo.InvariantCulture) : "no scope")}, duckdb {row.Sum}");
            }
        }

        foreach (var (key, row) in duck.Complaints)
        {
            if (!pipeline.TryGetValue(key, out var mine))
            {
                mismatches.Add($"complaints {key}: no such scope in the pipeline");
                continue;
            }

            var diff = Math.Max(Diff(mine.MedianHours, row.Median), Diff(mine.P90Hours, row.P90));
            maxHoursDiff = Math.Max(maxHoursDiff, diff);
            if (mine.Complaints == row.Received && mine.Resolved == row.Resolved && diff <= 1e-9)
            {
                complaintsEqual++;
            }
            else
            {
                mismatches.Add($"complaints {key}: pipeline {mine.Complaints}/{mine.Resolved}/{mine.MedianHours}/{mine.P90Hours}, duckdb {row.Received}/{row.Resolved}/{row.Median}/{row.P90}");
            }
        }

        var missing = pipeline.Count(p => p.Value.Sales != 0 && !duck.Sales.ContainsKey(p.Key)) + pipeline.Count(p => p.Value.Complaints != 0 && !duck.Complaints.ContainsKey(p.Key));
        Console.WriteLine($"  cross-check: sales sums equal (exact decimals) in {salesEqual:N0} of {duck.Sales.Count:N0} (month, scope) groups; complaints received, resolved, " +
            $"median and p90 hours equal in {complaintsEqual:N0} of {duck.Complaints.Count:N0} (largest hours difference {maxHoursDiff:G3}); " +
            $"pipeline scopes with figures DuckDB lacks: {missing}");
        foreach (var line in mismatches.Take(10))
        {
            Console.WriteLine($"  MISMATCH {line}");
        }

        static double Diff(double? a, double? b) => a is null && b is null ? 0 : a is { } x && b is { } y ? Math.Abs(x - y) / Math.Max(1, Math.Abs(x)) : double.PositiveInfinity;
    }
}
