using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Pipeline.Storage;

/// <summary>
/// Asks storage for one page of its table list every few seconds (every second during an outage), with no retries,
/// so that <see cref="StorageHealth"/> learns of an outage even when nobody posts, and of its end within a second.
/// Any answer from the service, even an error status, means it is reachable. One slow answer on a busy machine is not an
/// outage: it takes two failed probes in a row (a failed call of the app's own, after the SDK's retries, counts at once).
/// </summary>
public sealed class StorageProbe(StorageAccount account, StorageHealth health, IConfiguration configuration, TimeProvider time) : BackgroundService
{
    private int _failures;

    /// <summary>Sends one probe and reports what it found.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var _ in account.Probe.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages().ConfigureAwait(false))
            {
                break;
            }

            Reachable();
        }
        catch (Exception ex) when (StorageFailure.IsUnreachable(ex))
        {
            Unreachable(StorageFailure.Describe(ex));
        }
        catch (Azure.RequestFailedException)
        {
            Reachable();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Unreachable("no answer within 5 s");
        }
    }

    private void Reachable()
    {
        _failures = 0;
        health.ReportReachable();
    }

    private void Unreachable(string error)
    {
        if (++_failures >= 2)
        {
            health.ReportUnreachable(error);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var up = TimeSpan.FromSeconds(configuration.GetValue("Storage:ProbeSeconds", 5.0));
        var down = TimeSpan.FromSeconds(Math.Min(1.0, up.TotalSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            await ProbeAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(health.IsReachable ? up : down, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
