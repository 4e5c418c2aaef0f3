using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Pipeline.Tests.Infrastructure;

/// <summary>The standalone app over the shared Azurite, with tables of its own.</summary>
public sealed class PipelineFactory(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Replaces services after the app registered its own (e.g. a fake clock).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? TestServices { get; init; }

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

        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
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
