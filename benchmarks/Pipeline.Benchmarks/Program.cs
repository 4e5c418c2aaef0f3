using System.Globalization;
using Pipeline.Benchmarks;

// Usage: ingest [records]   — ingestion throughput beside Azurite's own limits (default 10,000)
//        assess [records]   — one assessment of a month of records read from Azurite (default 100,000)
//        scale [records] [--threads T] [--check RECORDS]
//                           — the whole pipeline over records made in memory beside DuckDB (default 1,000,000 records,
//                             all cores; the 1-vs-2-threads determinism check runs at 20,000 records)
var mode = args.Length > 0 ? args[0] : "ingest";
int Count(int fallback) => args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : fallback;
long Option(string name, long fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? long.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

switch (mode)
{
    case "ingest":
        await IngestionBenchmark.RunAsync(Count(10_000));
        break;
    case "assess":
        await AssessmentBenchmark.RunAsync(Count(100_000));
        break;
    case "scale":
        var records = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? long.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        return ScaleBenchmark.Run(records, (int)Option("--threads", Environment.ProcessorCount), Option("--check", 20_000));
    default:
        Console.Error.WriteLine("usage: ingest [records] | assess [records] | scale [records] [--threads T] [--check RECORDS]");
        return 2;
}

return 0;
