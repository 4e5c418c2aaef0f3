using Pipeline.Ingestion;
using Pipeline.Storage;

namespace Pipeline.Standalone;

/// <summary>
/// Runs <see cref="IncomingSweep"/> beside the blob trigger: every <c>Triggers:IncomingSweepSeconds</c> (60; 0 turns it
/// off), while storage answers, files left in <c>incoming/</c> for longer than <c>Triggers:IncomingSweepAfterSeconds</c>
/// (120) are ingested. A failed sweep is logged and tried again at the next one.
/// </summary>
internal sealed partial class IncomingSweeper(IncomingSweep sweep, StorageHealth health, IConfiguration configuration, ILogger<IncomingSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(configuration.GetValue("Triggers:IncomingSweepSeconds", 60.0));
        var after = TimeSpan.FromSeconds(configuration.GetValue("Triggers:IncomingSweepAfterSeconds", 120.0));
        if (every <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(every, stoppingToken).ConfigureAwait(false);
                await health.WaitUntilReachableAsync(stoppingToken).ConfigureAwait(false);
                try
                {
                    await sweep.SweepAsync(after, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogFailed(ex.GetType().Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Warning, "Sweeping incoming/ failed ({Type}: {Message}); the next sweep tries again")]
    private partial void LogFailed(string type, string message);
}
