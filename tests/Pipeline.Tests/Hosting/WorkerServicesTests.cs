using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Api;
using Pipeline.Functions;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Hosting;

/// <summary>
/// The worker cannot start without the Functions host here, so its services are built the way its Program builds
/// them and every function class is created from them: a missing registration fails here, not in Azure.
/// </summary>
public sealed class WorkerServicesTests(AzuriteFixture azurite)
{
    [Fact]
    public void Every_function_class_can_be_created_from_the_workers_services()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("AzureWebJobsStorage", azurite.ConnectionString)]);
        builder.Services.AddPipeline(builder.Configuration, new HostingInfo("functions", EmbeddedStorage: false));
        builder.Services.AddWorkerTelemetry(builder.Configuration);
        builder.Services.AddSingleton<Pipeline.Runs.IAssessmentOrchestrations, WorkerOrchestrations>(); // as Program registers it
        using var host = builder.Build();

        var functionClasses = typeof(RecordsFunctions).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes(typeof(FunctionAttribute), false).Length > 0))
            .ToList();
        Assert.Equal(9, functionClasses.Count);
        foreach (var type in functionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }
    }
}
