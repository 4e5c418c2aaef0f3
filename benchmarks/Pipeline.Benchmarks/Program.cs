using System.Globalization;
using Pipeline.Benchmarks;

// Usage: ingest [records]   — ingestion throughput beside Azurite's own limits (default 10,000)
//        assess [records]   — one assessment of a month of records read from Azurite (default 100,000)
var mode = args.Length > 0 ? args[0] : "ingest";
int Count(int fallback) => args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : fallback;
switch (mode)
{
    case "ingest":
        await IngestionBenchmark.RunAsync(Count(10_000));
        break;
    case "assess":
        await AssessmentBenchmark.RunAsync(Count(100_000));
        break;
    default:
        Console.Error.WriteLine("usage: ingest [records] | assess [records]");
        return 2;
}

return 0;
