using Pipeline.Runs;
using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Standalone;

/// <summary>Wires the WebJobs SDK triggers into the standalone web app.</summary>
public static class StandaloneHosting
{
    /// <summary>
    /// Adds the queue, blob and timer triggers (unless <c>Triggers:Enabled</c> is false), with names derived from
    /// <c>Storage:Prefix</c> and a host id of their own (locks, timer status and blob receipts are kept per host id).
    /// They run in a job host that <see cref="TriggerHost"/> pauses during storage outages and restarts afterwards; beside
    /// them, <see cref="IncomingSweeper"/> ingests dropped files the blob trigger left in <c>incoming/</c>.
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
        var taskHub = configuration["Assessment:TaskHub"] ?? TaskHubName(prefix);
        builder.Services.AddSingleton(sp => new TriggerHost(
            sp, sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<StorageHealth>(), sp.GetRequiredService<ILoggerFactory>(), hostId, taskHub));
        builder.Services.AddSingleton<IAssessmentOrchestrations>(sp => new StandaloneOrchestrations(sp.GetRequiredService<TriggerHost>(), taskHub));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TriggerHost>());
        builder.Services.AddHostedService<IncomingSweeper>();
        builder.Logging.AddFilter("Microsoft.Azure.WebJobs.Host.Storage", LogLevel.Error);
    }

    /// <summary>
    /// The Durable task hub of the app (its queues, tables and lease container): <c>pipeline</c> and the storage prefix's
    /// letters and digits (a task hub name is 3 to 45 of them, starting with a letter), so each prefix has its own.
    /// </summary>
    public static string TaskHubName(string prefix)
    {
        var name = "pipeline" + new string(prefix.Where(char.IsAsciiLetterOrDigit).ToArray());
        return name.Length > 45 ? name[..45] : name;
    }

    private sealed class NoTriggers : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
