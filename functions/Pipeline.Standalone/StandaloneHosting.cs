using Microsoft.Azure.WebJobs.Host.Executors;
using Pipeline.Settings;
using Pipeline.Ingestion;

namespace Pipeline.Standalone;

/// <summary>Wires the WebJobs SDK triggers into the standalone web app.</summary>
public static class StandaloneHosting
{
    /// <summary>
    /// Adds the queue, blob and timer triggers (unless <c>Triggers:Enabled</c> is false), with names derived from
    /// <c>Storage:Prefix</c> and a host id of their own (locks, timer status and blob receipts are kept per host id).
    /// </summary>
    public static void AddStandaloneTriggers(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (!configuration.GetValue("Triggers:Enabled", true))
        {
            return;
        }

        var prefix = configuration[$"{StorageOptions.Section}:Prefix"] ?? "";
        configuration.AddInMemoryCollection(
        [
            new("Triggers:IngestQueue", prefix + "ingest"),
            new("Triggers:IncomingContainer", prefix + "incoming"),
            new("Assessment:Tick", configuration["Assessment:Tick"] ?? "0 5 * * * *"),
        ]);
        var hostId = configuration["Triggers:HostId"] ?? (prefix.Length > 0 ? prefix : "pipeline-standalone");
        builder.Host.ConfigureWebJobs(webJobs =>
        {
            webJobs.AddAzureStorageCoreServices();
            webJobs.AddAzureStorageQueues(queues => queues.MaxDequeueCount = QueueIngestion.MaxAttempts);
            webJobs.AddAzureStorageBlobs();
            webJobs.AddTimers();
            webJobs.Services.AddSingleton<IHostIdProvider>(new FixedHostId(hostId));
        });
        builder.Logging.AddFilter("Microsoft.Azure.WebJobs.Host.Storage", LogLevel.Error);
    }

    private sealed class FixedHostId(string id) : IHostIdProvider
    {
        public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(id);
    }
}
