using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Pipeline.Api;

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
        builder.Build().Run();
    }
}
