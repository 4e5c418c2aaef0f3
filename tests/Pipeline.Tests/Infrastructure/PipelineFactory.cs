using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Tests.Infrastructure;

/// <summary>The standalone app over the shared Azurite, with tables of its own.</summary>
public sealed class PipelineFactory(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>
    /// What "now" reads in the app under test unless a test supplies its own <see cref="TimeProvider"/> through
    /// <see cref="TestServices"/>: a date well after every period the tests assess (the latest, 2026-Q4 and 2026, end on
    /// 2027-01-01, their cut-off a few grace days later). On the system clock a test of 2026-12 would assess a running
    /// (provisional) month in December 2026 and a final one afterwards, and a month not yet started would be refused:
    /// the tests would change meaning with the date they run on. Noon in Shanghai, far from any day's edge in any zone.
    /// </summary>
    public static readonly DateTimeOffset DefaultNow = new(2027, 3, 1, 12, 0, 0, TimeSpan.FromHours(8));

    /// <summary>Replaces services after the app registered its own (e.g. a fake clock).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>This app's table prefix.</summary>
    public string Prefix { get; } = AzuriteFixture.NewPrefix();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", azurite.ConnectionString);
        builder.UseSetting("Storage:Prefix", Prefix);
        builder.UseSetting("Triggers:Enabled", "false"); // tests of the triggers switch them on
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Telemetry:Console", "false"); // spans of every test would flood the test log; TelemetryTests listen in memory
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        // Real time shifted to DefaultNow, still advancing: the storage probe's delays and the progress saves' intervals
        // run on this clock too, and would stop on a frozen one. Registered first, so a test's own clock replaces it.
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(DefaultNow)));
        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }

    /// <summary>
    /// How long a test's client waits for an answer: longer than the longest the app keeps a caller waiting by contract,
    /// <c>POST /api/assessments/{period}</c>'s <c>Assessment:SyncTimeoutSeconds</c> (200 s by default, then 202 with where
    /// to look). With HttpClient's default of 100 s, a run slowed past 100 s on a loaded machine ended in "The client
    /// aborted the request" instead of the app's own answer (ReportRoutesTests once, issue 31).
    /// </summary>
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.Timeout = ClientTimeout;
    }

    /// <summary>
    /// The test host stops the app twice (the factory, and the app's own <c>RunAsync</c> returning); the WebJobs SDK's
    /// options logger throws on the second stop. That is an artefact of hosting the app in a test, not a failure.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        catch (Exception ex) when (IsDoubleStop(ex))
        {
        }
    }

    /// <inheritdoc cref="Dispose(bool)" />
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (Exception ex) when (IsDoubleStop(ex))
        {
        }
    }

    private static bool IsDoubleStop(Exception ex) =>
        ex is ObjectDisposedException && ex.StackTrace?.Contains("OptionsLoggingService", StringComparison.Ordinal) == true ||
        ex is AggregateException aggregate && aggregate.InnerExceptions.All(IsDoubleStop);
}
