using Pipeline.Storage;

namespace Pipeline.Standalone;

/// <summary>
/// Watches the embedded Azurite while the app runs and stops it when the host stops. If its process dies, this says so
/// (log and health) and starts it again on the same ports and data folder, waiting longer between attempts while it
/// keeps dying. Registered before every other hosted service, so it is stopped after them (the host stops hosted
/// services in reverse order).
/// </summary>
internal sealed partial class EmbeddedAzuriteLifetime(EmbeddedAzurite azurite, StorageHealth health, ILogger<EmbeddedAzuriteLifetime> logger)
    : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _restarting = new(1, 1);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        health.Emulator = $"running (pid {azurite.ProcessId})";
        azurite.Exited += OnExited;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        azurite.Exited -= OnExited;
        await _stopping.CancelAsync().ConfigureAwait(false);
        azurite.Dispose();
        health.Emulator = "stopped";
    }

    private void OnExited(int exitCode) => _ = RestartAsync(exitCode);

    private async Task RestartAsync(int exitCode)
    {
        if (!await _restarting.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            LogDied(exitCode, azurite.Restarts);
            var delay = TimeSpan.FromSeconds(1);
            while (!_stopping.IsCancellationRequested)
            {
                health.Emulator = $"restarting (exited with {exitCode}; restarts so far {azurite.Restarts})";
                try
                {
                    await Task.Run(() => azurite.Restart(TimeSpan.FromSeconds(60)), _stopping.Token).ConfigureAwait(false);
                    health.Emulator = $"running (pid {azurite.ProcessId}; restarted {azurite.Restarts} time(s))";
                    LogRestarted(azurite.ProcessId, azurite.Restarts);
                    return;
                }
                catch (Exception ex) when (ex is EmbeddedAzurite.StartException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    LogRestartFailed(ex.Message, delay.TotalSeconds);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
                {
                    return;
                }

                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _restarting.Release();
        }
    }

    [LoggerMessage(LogLevel.Error, "The embedded Azurite died (exit code {ExitCode}; restarts so far {Restarts}); starting it again on the same ports and data folder")]
    private partial void LogDied(int exitCode, int restarts);

    [LoggerMessage(LogLevel.Information, "The embedded Azurite runs again (pid {ProcessId}, restart {Restarts})")]
    private partial void LogRestarted(int processId, int restarts);

    [LoggerMessage(LogLevel.Warning, "Could not restart the embedded Azurite ({Error}); trying again in {Seconds} s")]
    private partial void LogRestartFailed(string error, double seconds);
}
