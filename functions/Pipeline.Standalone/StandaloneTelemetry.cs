using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.Telemetry;

namespace Pipeline.Standalone;

/// <summary>
/// The standalone app's telemetry: the pipeline's spans, metrics and logs with ASP.NET Core's request spans, over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (a collector, Aspire's dashboard, Jaeger…), else spans and metrics
/// to the console (logs already go there). <c>Telemetry:Console=false</c> silences the console exporter.
/// </summary>
public static class StandaloneTelemetry
{
    /// <summary>The standard OpenTelemetry setting naming the OTLP endpoint.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Adds OpenTelemetry and the exporter that fits the settings.</summary>
    public static void AddStandaloneTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddPipelineTelemetry("pipeline-standalone")
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }
        else if (builder.Configuration.GetValue("Telemetry:Console", true))
        {
            telemetry.WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter());
        }
    }
}
