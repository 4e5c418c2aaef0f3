using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Pipeline.Telemetry;

/// <summary>
/// OpenTelemetry for both hostings: the pipeline's spans and metrics (<see cref="PipelineTelemetry"/>), the Azure SDK's
/// spans beneath them, and logs. Each hosting adds its exporters to the builder this returns.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>The Azure SDK emits spans through <c>ActivitySource</c> only with this switch (read once per process).</summary>
    public const string AzureActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";

    /// <summary>Adds OpenTelemetry with the pipeline's sources, meter and logs, named <paramref name="serviceName"/>.</summary>
    public static IOpenTelemetryBuilder AddPipelineTelemetry(this IServiceCollection services, string serviceName)
    {
        AppContext.SetSwitch(AzureActivitySourceSwitch, true);
        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceNamespace: "pipeline"))
            .WithTracing(tracing => tracing.AddSource(PipelineTelemetry.Name, PipelineTelemetry.AzureSdkSources))
            .WithMetrics(metrics => metrics.AddMeter(PipelineTelemetry.Name))
            .WithLogging();
    }
}
