using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Pipeline.Standalone;
using Pipeline.Storage;

namespace Pipeline.Benchmarks;

internal static class IngestionBenchmark
{
    public static async Task RunAsync(int records)
    {
        // Ingestion throughput of the pipeline (a real HTTP post to the standalone app on Kestrel) beside two
        // figures of the same Azurite in the same run: one entity per request (the naive baseline) and raw SDK
        // batch upserts (the most Azurite allows). Figures are medians of a few runs; nothing is asserted.
        const int runs = 3;

        // The standalone app's content root is its build output here (appsettings.json is copied there).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_PIPELINE_STANDALONE", AppContext.BaseDirectory);

        using var azurite = EmbeddedAzurite.Start(location: null, [AppContext.BaseDirectory], nodeOptions: "--max-old-space-size=8192");
        Console.WriteLine($"Azurite {azurite.ConnectionString.Split(';').First(p => p.StartsWith("TableEndpoint", StringComparison.Ordinal))}; {records:N0} sales records; median of {runs} runs");

        var service = new TableServiceClient(azurite.ConnectionString);
        var sales = Enumerable.Range(0, records).Select(i => new Dictionary<string, object>
        {
            ["id"] = $"S-{i:D7}", ["date"] = $"2026-11-{1 + (i % 28):D2}", ["employeeId"] = $"E{i % 200}",
            ["customerId"] = $"K{i % 5000}", ["product"] = $"P{i % 40}", ["amount"] = 100 + (i % 997) + 0.25m,
        }).ToList();
        var body = JsonSerializer.SerializeToUtf8Bytes(sales);

        double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted[sorted.Length / 2];
        }

        async Task<double> TimeAsync(Func<Task> action)
        {
            var watch = Stopwatch.StartNew();
            await action();
            return records / watch.Elapsed.TotalSeconds;
        }

        TableEntity Entity(Dictionary<string, object> sale)
        {
            var id = (string)sale["id"];
            var entity = new TableEntity(StorageKeys.PartitionOf(Pipeline.Time.Period.Parse("2026-11"), id), id);
            foreach (var (key, value) in sale)
            {
                entity[key] = value is decimal d ? d.ToString(CultureInfo.InvariantCulture) : value;
            }

            return entity;
        }

        async Task<TableClient> FreshTableAsync()
        {
            var table = service.GetTableClient("b" + Guid.NewGuid().ToString("N")[..16]);
            await table.CreateAsync();
            return table;
        }

        var single = new List<double>();
        var batched = new List<double>();
        var pipelineNew = new List<double>();
        var pipelineRepost = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var singleTable = await FreshTableAsync();
            single.Add(await TimeAsync(() => Parallel.ForEachAsync(sales, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (sale, token) => await singleTable.UpsertEntityAsync(Entity(sale), TableUpdateMode.Replace, token))));

            var batchTable = await FreshTableAsync();
            batched.Add(await TimeAsync(() => RecordStore.WriteAsync(batchTable, sales.Select(Entity), TableTransactionActionType.UpsertReplace)));

            using var app = new BenchmarkApp(azurite.ConnectionString, "b" + Guid.NewGuid().ToString("N")[..12]);
            app.UseKestrel();
            app.StartServer();
            using var client = app.CreateClient();
            client.Timeout = TimeSpan.FromMinutes(10);
            async Task PostAsync()
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await client.PostAsync("/api/records/sales", content);
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode || !text.Contains($"\"accepted\":{records}", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"post failed: {(int)response.StatusCode} {text[..Math.Min(300, text.Length)]}");
                }
            }

            pipelineNew.Add(await TimeAsync(PostAsync));
            pipelineRepost.Add(await TimeAsync(PostAsync));
        }

        var limit = Median(batched);
        Console.WriteLine();
        Console.WriteLine($"{"what",-58} {"records/s",10} {"of batch limit",15}");
        void Row(string what, double rate) => Console.WriteLine($"{what,-58} {rate,10:N0} {rate / limit,14:P0}");
        Row("baseline: one entity per request (8 in parallel)", Median(single));
        Row("Azurite limit: raw SDK batches of 100, 8 partitions at once", limit);
        Row("pipeline: HTTP post, new records (validate, index, store)", Median(pipelineNew));
        Row("pipeline: HTTP post, same records again (upsert)", Median(pipelineRepost));
        Console.WriteLine($"body {body.Length / 1024.0 / 1024.0:0.0} MiB; machine: {Environment.ProcessorCount} cores");
    }
}

internal sealed class BenchmarkApp(string connectionString, string prefix) : WebApplicationFactory<EmbeddedAzurite> // any type of the standalone assembly names its entry point
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", connectionString);
        builder.UseSetting("Storage:Prefix", prefix);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        builder.UseSetting("Triggers:Enabled", "false");
    }
}
