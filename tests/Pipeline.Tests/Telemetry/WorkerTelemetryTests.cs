using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.Functions;
using Pipeline.Telemetry;

namespace Pipeline.Tests.Telemetry;

/// <summary>
/// The worker's exporter setup, built the way its Program builds it (the Functions host is not here, and neither is
/// Application Insights: the endpoint is a closed loopback port, so nothing leaves the machine).
/// </summary>
public sealed class WorkerTelemetryTests
{
    [Fact]
    public void With_the_infra_settings_the_worker_traces_the_pipeline_into_azure_monitor_with_its_managed_identity()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([
            new(WorkerTelemetry.ConnectionStringSetting, "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/"),
            new(WorkerTelemetry.AuthenticationSetting, "ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD"),
            new("Telemetry:SamplingRatio", "1"), // else the exporter's rate limit may drop the probe while other tests trace
        ]);
        builder.Services.AddWorkerTelemetry(builder.Configuration);
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        using var span = PipelineTelemetry.Start("pipeline.probe");
        Assert.NotNull(span); // the provider listens to the pipeline's source
        Assert.True(span.Recorded);
    }

    [Theory]
    [InlineData("ClientId=11111111-1111-1111-1111-111111111111;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    [InlineData("Authorization=Key", false)]
    public void The_authentication_string_chooses_the_managed_identity(string authentication, bool identity) =>
        Assert.Equal(identity, WorkerTelemetry.Credential(authentication) is not null);

    [Fact]
    public void Without_a_connection_string_the_worker_still_starts_and_exports_nothing()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddWorkerTelemetry(builder.Configuration);
        using var host = builder.Build();
        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }
}
