using Azure;
using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Microsoft.Extensions.Azure;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Azure.WebJobs.Host.Timers;
using Pipeline.Ingestion;
using Pipeline.Runs;
using Pipeline.Storage;

namespace Pipeline.Standalone;

/// <summary>
/// Runs the WebJobs SDK's queue, blob and timer triggers in a job host of their own, inside the web app, and keeps them
/// running across storage outages. The listeners ride out a short outage by themselves (their polls fail and retry);
/// when one gives up, the SDK reports it through <see cref="TriggerFailureHandler"/> instead of ending the process.
/// A WebJobs job host cannot be started twice and the failed listener is gone for good, so this service then drops the
/// job host (the triggers pause), waits until storage answers again, and starts a fresh one (they resume). The job host
/// is not stopped merely because storage is down. A stopped job host's queue messages that it had taken and not finished
/// (the SDK would keep them invisible for 10 minutes) are released at once (<see cref="TakenMessages"/>): after the stop,
/// or, when storage is down then, before the next job host starts. The web app itself, and its HTTP routes, never stop.
/// </summary>
internal sealed partial class TriggerHost(
    IServiceProvider app, IConfiguration configuration, StorageHealth health, ILoggerFactory loggerFactory, string hostId, string taskHub) : BackgroundService
{
    /// <summary>How often an idle instance polls the task hub's queues at most (the extension's default is 30 s).</summary>
    private const string MaxQueuePollingInterval = "00:00:01";

    /// <summary>
    /// How long a job host being dropped may take to finish the messages it is processing. Its queue listener waits for
    /// them; past this, the messages' completion is cancelled and they stay invisible for the listener's fixed 10 minutes.
    /// A starved instance (the case where a singleton lease is lost) needs more than a few seconds.
    /// </summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger = loggerFactory.CreateLogger<TriggerHost>();
    private readonly Lock _lock = new();
    private readonly TakenMessages _taken = new();
    private TaskCompletionSource<string>? _stop;

    /// <summary>Job hosts started so far (the first, then one per resume).</summary>
    public int Starts { get; private set; }

    /// <summary>The services of the running job host (its Durable client factory); null while none runs.</summary>
    public IServiceProvider? Services { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.Triggers = "starting";
        var backoff = TimeSpan.FromSeconds(1);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await health.WaitUntilReachableAsync(stoppingToken).ConfigureAwait(false);
                await ReleaseTakenAsync().ConfigureAwait(false);
                var stop = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_lock)
                {
                    _stop = stop;
                }

                IHost? host = null;
                var started = TimeProvider.System.GetTimestamp();
                try
                {
                    host = Build();
                    await host.StartAsync(stoppingToken).ConfigureAwait(false);
                    Starts++;
                    Services = host.Services;
                    health.Triggers = "running";
                    if (Starts > 1)
                    {
                        LogResumed(Starts - 1);
                    }

                    var reason = await stop.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
                    LogPaused(reason);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Failed(ex);
                    LogPaused(stop.Task.IsCompleted ? stop.Task.Result : ex.Message);
                }
                finally
                {
                    Services = null;
                    health.Triggers = stoppingToken.IsCancellationRequested ? "stopped" : "paused (restarting when storage answers)";
                    await StopQuietlyAsync(host).ConfigureAwait(false);
                    await ReleaseTakenAsync().ConfigureAwait(false);
                }

                // A failure that is not an outage (storage answers, the listener still failed) must not spin: back off.
                backoff = TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromMinutes(1) ? TimeSpan.FromSeconds(1) : backoff;
                if (health.IsReachable)
                {
                    await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            health.Triggers = "stopped";
        }
    }

    // Called by the WebJobs SDK (TriggerFailureHandler) on a background thread when a listener fails.
    private void Failed(Exception exception)
    {
        if (StorageFailure.IsUnreachable(exception) || StorageFailure.Is(exception))
        {
            if (StorageFailure.IsUnreachable(exception))
            {
                health.ReportUnreachable(StorageFailure.Describe(exception));
            }

            Stop($"a listener lost storage ({StorageFailure.Describe(exception)})");
            return;
        }

        LogListenerFailed(exception);
        Stop($"a listener failed ({exception.GetType().Name})");
    }

    private void Stop(string reason)
    {
        lock (_lock)
        {
            _stop?.TrySetResult(reason);
        }
    }

    private IHost Build() =>
        new HostBuilder()
            .UseEnvironment(app.GetRequiredService<IHostEnvironment>().EnvironmentName)
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageQueues(queues => queues.MaxDequeueCount = QueueIngestion.MaxAttempts);
                webJobs.AddAzureStorageBlobs();
                webJobs.AddTimers();
                if (RunsDurable(configuration))
                {
                    webJobs.AddDurableTask(durable =>
                    {
                        durable.HubName = taskHub;
                        durable.LocalRpcEndpointEnabled = false; // else a listener on 127.0.0.1:17071, which a second instance finds in use
                        durable.StorageProvider["maxQueuePollingInterval"] = configuration["Assessment:MaxQueuePollingInterval"] ?? MaxQueuePollingInterval;
                    });
                }
            })
            // After ConfigureWebJobs, which adds appsettings.json and the environment of its own: the web app's
            // configuration (command line, test settings, the derived trigger names) must win.
            .ConfigureAppConfiguration(builder => builder.AddConfiguration(configuration))
            .ConfigureServices(services =>
            {
                // The web app's logging, and its services: the triggers call the same singletons as the routes.
                services.AddSingleton(loggerFactory);
                services.AddSingleton(app.GetRequiredService<QueueIngestion>());
                services.AddSingleton(app.GetRequiredService<BlobIngestion>());
                services.AddSingleton(app.GetRequiredService<ScheduledAssessments>());
                services.AddSingleton(app.GetRequiredService<AssessmentEvents>());
                services.AddSingleton(app.GetRequiredService<DurableRuns>());
                services.AddSingleton<IHostIdProvider>(new FixedHostId(hostId));
                services.AddSingleton<IWebJobsExceptionHandler>(new TriggerFailureHandler(Failed));
                services.Configure<HostOptions>(options => options.ShutdownTimeout = StopTimeout);

                // Every queue client the extensions make (the queue trigger's, the blob trigger's own queue) reports the
                // messages it takes and gives back.
                services.AddAzureClients(clients => clients.ConfigureDefaults(options =>
                {
                    if (options is QueueClientOptions)
                    {
                        options.AddPolicy(_taken, HttpPipelinePosition.PerCall);
                    }
                }));
            })
            .Build();

    private async Task StopQuietlyAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Stopping listeners whose storage is gone fails in many ways; the host is dropped either way.
            LogStopFailed(ex.GetType().Name, ex.Message);
        }

        try
        {
            host.Dispose();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or AggregateException or InvalidOperationException)
        {
            LogStopFailed(ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>
    /// Makes the messages a stopped job host had taken and not finished visible again, so that they are processed now
    /// (by the next job host, or another instance) rather than in 10 minutes. Storage down: they stay pending until the
    /// next call.
    /// </summary>
    private async Task ReleaseTakenAsync()
    {
        if (_taken.Pending.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            var released = await _taken.ReleaseAsync(app.GetRequiredService<StorageAccount>().Queues, timeout.Token).ConfigureAwait(false);
            LogReleased(released, _taken.Pending.Count);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or IOException or HttpRequestException)
        {
            LogReleaseFailed(_taken.Pending.Count, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Released {Released} queue messages a stopped job host had taken ({Pending} still pending)")]
    private partial void LogReleased(int released, int pending);

    [LoggerMessage(LogLevel.Warning, "Could not release the {Pending} queue messages a stopped job host had taken (tried again before the next start): {Message}")]
    private partial void LogReleaseFailed(int pending, string message);

    [LoggerMessage(LogLevel.Warning, "Queue, blob and timer triggers paused: {Reason}")]
    private partial void LogPaused(string reason);

    [LoggerMessage(LogLevel.Information, "Queue, blob and timer triggers resumed (restart {Restart})")]
    private partial void LogResumed(int restart);

    [LoggerMessage(LogLevel.Error, "A trigger listener failed while storage answered; the job host restarts")]
    private partial void LogListenerFailed(Exception exception);

    [LoggerMessage(LogLevel.Debug, "Stopping the paused job host: {Type} {Message}")]
    private partial void LogStopFailed(string type, string message);

    /// <summary>
    /// Whether this job host runs the Durable extension: when <c>Assessment:FanOut</c> is <c>durable</c> or <c>auto</c>. The
    /// standalone app's default is <c>inProcess</c> (appsettings.json): one laptop gains nothing from an orchestration, and
    /// its job host then runs exactly the triggers; several instances on one storage set <c>durable</c> (or <c>auto</c>).
    /// </summary>
    public static bool RunsDurable(IConfiguration configuration) =>
        (configuration["Assessment:FanOut"] ?? "auto").ToLowerInvariant() is "durable" or "auto";

    private sealed class FixedHostId(string id) : IHostIdProvider
    {
        public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(id);
    }
}
