using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Standalone;

/// <summary>Wires the WebJobs SDK triggers into the standalone web app.</summary>
public static class StandaloneHosting
{
    /// <summary>
    /// Adds the queue, blob and timer triggers (unless <c>Triggers:Enabled</c> is false), with names derived from
    /// <c>Storage:Prefix</c> and a host id of their own (locks, timer status and blob receipts are kept per host id).
    /// They run in a job host that <see cref="TriggerHost"/> pauses during storage outages and restarts afterwards.
    /// </summary>
    public static void AddStandaloneTriggers(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddExceptionHandler<StorageExceptionHandler>();
        if (!configuration.GetValue("Triggers:Enabled", true))
        {
            builder.Services.AddHostedService(sp =>
            {
                sp.GetRequiredService<StorageHealth>().Triggers = "disabled";
                return new NoTriggers();
            });
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
        builder.Services.AddSingleton(sp => new TriggerHost(
            sp, sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<StorageHealth>(), sp.GetRequiredService<ILoggerFactory>(), hostId));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TriggerHost>());
        builder.Logging.AddFilter("Microsoft.Azure.WebJobs.Host.Storage", LogLevel.Error);
    }

    private sealed class NoTriggers : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
