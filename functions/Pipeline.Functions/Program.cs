using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Api;
using Pipeline.Settings;

namespace Pipeline.Functions;

/// <summary>The Functions worker's entry point; the Functions host starts it and passes its endpoint.</summary>
public static class Program
{
    /// <summary>Builds and runs the worker.</summary>
    public static void Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddPipeline(builder.Configuration, new HostingInfo("functions", EmbeddedStorage: false));
        builder.Services.AddSingleton<Pipeline.Runs.IAssessmentOrchestrations, WorkerOrchestrations>();
        builder.Services.AddWorkerTelemetry(builder.Configuration);

        // The worker's own Kestrel (ASP.NET Core integration) refuses bodies over 30,000,000 bytes by default, below
        // Ingest:MaxBodyBytes (32 MiB): let the handler enforce the setting and answer 413 with problem+json.
        var maxBody = builder.Configuration.GetValue(IngestOptions.Section + ":" + nameof(IngestOptions.MaxBodyBytes), IngestOptions.DefaultMaxBodyBytes);
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody + 1);
        builder.Build().Run();
    }
}
