using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Telemetry;

/// <summary>Standalone, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> sends the spans and metrics over OTLP (here to a loopback listener).</summary>
public sealed class StandaloneTelemetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task With_an_otlp_endpoint_the_standalone_app_exports_spans_and_metrics_there()
    {
        var port = FreePort();
        using var collector = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        collector.Start();
        var received = new List<string>();
        var listening = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                lock (received)
                {
                    received.Add($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentType}");
                }

                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }, TestContext.Current.CancellationToken);

        using (var app = new PipelineFactory(azurite, new Dictionary<string, string?>
               {
                   ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                   ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
               }))
        {
            using var client = app.CreateClient();
            using var response = await client.PostAsync("/api/records/sales",
                new StringContent("[]", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
            Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));
        }

        collector.Stop();
        await listening;
        lock (received)
        {
            Assert.Contains("POST /v1/traces application/x-protobuf", received);
            Assert.Contains("POST /v1/metrics application/x-protobuf", received);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
