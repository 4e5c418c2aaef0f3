using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Hosting;

/// <summary>The worker build declares what the Functions host needs, and both hostings serve the same routes.</summary>
public sealed class FunctionsMetadataTests(AzuriteFixture azurite)
{
    // The test project references the worker project, so its build output (functions.metadata, host.json) is current.
    private static string WorkerOutput(string file)
    {
        var configuration = typeof(FunctionsMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Pipeline.sln")))
        {
            root = root.Parent!;
        }

        return Path.Combine(root.FullName, "functions", "Pipeline.Functions", "bin", configuration, "net10.0", file);
    }

    private static JsonArray Metadata() => JsonNode.Parse(File.ReadAllText(WorkerOutput("functions.metadata")))!.AsArray();

    private static JsonObject Trigger(string function) =>
        Metadata().Single(f => (string)f!["name"]! == function)!["bindings"]!.AsArray()
            .Single(b => ((string)b!["type"]!).EndsWith("Trigger", StringComparison.Ordinal))!.AsObject();

    [Theory]
    [InlineData("IngestRecords", "records/{kind}", "Function", "post")]
    [InlineData("Health", "health", "Anonymous", "get")]
    [InlineData("RunAssessment", "assessments/{period}", "Function", "post")]
    [InlineData("GetAssessment", "assessments/{period}", "Function", "get")]
    [InlineData("ListReports", "reports", "Anonymous", "get")] // the app checks the signed-in principal (CONTRACT §8)
    [InlineData("DownloadReport", "reports/{*path}", "Anonymous", "get")]
    [InlineData("Portal", "portal", "Anonymous", "get")]
    [InlineData("OpenApi", "openapi.json", "Anonymous", "get")]
    [InlineData("ReplayPoison", "queues/ingest-poison/replay", "Function", "post")]
    public void The_worker_build_declares_each_http_function_with_its_route_and_auth_level(string function, string route, string authLevel, string method)
    {
        var trigger = Trigger(function);
        Assert.Equal("httpTrigger", (string)trigger["type"]!);
        Assert.Equal(route, (string)trigger["route"]!);
        Assert.Equal(authLevel, (string)trigger["authLevel"]!);
        Assert.Equal([method], trigger["methods"]!.AsArray().Select(m => (string)m!));
    }

    [Fact]
    public void The_worker_build_declares_the_queue_and_blob_triggers()
    {
        var queue = Trigger("IngestQueue");
        Assert.Equal(("queueTrigger", "ingest"), ((string)queue["type"]!, (string)queue["queueName"]!));
        var blob = Trigger("IngestBlob");
        Assert.Equal(("blobTrigger", "incoming/{kind}/{name}", "EventGrid"), ((string)blob["type"]!, (string)blob["path"]!, (string)blob["source"]!));
        var timer = Trigger("MonthlyAssessment");
        Assert.Equal(("timerTrigger", "%Assessment:Tick%"), ((string)timer["type"]!, (string)timer["schedule"]!));
    }

    [Fact]
    public void The_worker_build_declares_the_assessments_orchestration_its_activities_and_the_durable_clients_of_the_functions_that_start_runs()
    {
        Assert.Equal("orchestrationTrigger", (string)Trigger("AssessmentOrchestrator")["type"]!);
        foreach (var activity in new[] { "FoldPartitions", "PublishAssessment", "FailAssessment" })
        {
            Assert.Equal("activityTrigger", (string)Trigger(activity)["type"]!);
        }

        // The route and the timer that start runs bind a Durable client, to start an orchestration when a period fans out.
        foreach (var starter in new[] { "RunAssessment", "MonthlyAssessment" })
        {
            Assert.Contains(Metadata().Single(f => (string)f!["name"]! == starter)!["bindings"]!.AsArray(), b => (string)b!["type"]! == "durableClient");
        }
    }

    [Fact]
    public void The_functions_and_the_standalone_app_serve_the_same_routes()
    {
        var functions = typeof(RecordsFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .SelectMany(t => t.Methods!.Select(method => $"{method.ToUpperInvariant()} /api/{t.Route}"))
            .Order()
            .ToList();

        using var app = new PipelineFactory(azurite);
        var standalone = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order()
            .ToList();

        Assert.NotEmpty(functions);
        Assert.Equal(functions, standalone);
    }

    [Fact]
    public void Host_json_is_part_of_the_worker_build_with_base64_queues_and_five_dequeues()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(WorkerOutput("host.json")))!;
        Assert.Equal("2.0", (string)hostJson["version"]!);
        Assert.Equal("base64", (string)hostJson["extensions"]!["queues"]!["messageEncoding"]!);
        Assert.Equal(5, (int)hostJson["extensions"]!["queues"]!["maxDequeueCount"]!);
    }
}
