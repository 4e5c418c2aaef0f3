using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipeline.Tests.Hosting;

/// <summary>
/// infra/ compiles with the real Bicep compiler (linter warnings included) and the ARM it compiles to says what
/// DESIGN §1 and CONTRACT §5/§7/§8 require of the deployment: Flex Consumption on dotnet-isolated 10.0, identity-based
/// settings and no keys, no host time-zone settings, duplicate detection on the Service Bus topic.
/// </summary>
public sealed partial class InfraTests(InfraTests.CompiledInfra infra) : IClassFixture<InfraTests.CompiledInfra>
{
    private static readonly string[] ForbiddenSettings =
        ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_TIME_ZONE", "TZ", "AzureWebJobsStorage"];

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("post-deploy.bicep")]
    public void Bicep_compiles_without_errors_or_warnings(string file)
    {
        var build = infra.Builds[file];
        Assert.True(build.ExitCode == 0, build.Diagnostics);
        Assert.Equal("", build.Diagnostics.Trim());
    }

    [Fact]
    public void The_function_app_runs_dotnet_isolated_10_on_a_flex_consumption_plan()
    {
        var plan = Single(infra.Main, "Microsoft.Web/serverfarms");
        Assert.Equal(("FC1", "FlexConsumption"), ((string?)plan["sku"]!["name"], (string?)plan["sku"]!["tier"]));

        var config = FunctionApp()["properties"]!["functionAppConfig"]!;
        Assert.Equal(("dotnet-isolated", "10.0"), ((string?)config["runtime"]!["name"], (string?)config["runtime"]!["version"]));
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
    }

    [Fact]
    public void The_app_settings_are_identity_based_and_carry_the_pipeline_settings()
    {
        var settings = AppSettings();

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.All(
            ["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__clientId", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
             "Assessment__Tick", "Assessment__Schedule", "Pipeline__TimeZone", "Reports__Culture", "Auth__ReportReaderRole",
             "ServiceBus__fullyQualifiedNamespace", "ServiceBus__clientId"],
            name => Assert.Contains(name, settings.Keys));

        // The module's setting comes from main's parameter, whose default and parameter-file value are the hourly tick.
        Assert.Equal("[parameters('assessmentTick')]", settings["Assessment__Tick"]);
        Assert.Equal("[parameters('assessmentTick')]", (string?)Module("api")["properties"]!["parameters"]!["assessmentTick"]!["value"]);
        Assert.Equal("0 5 * * * *", (string?)infra.Main["parameters"]!["assessmentTick"]!["defaultValue"]);
        Assert.Equal("0 5 * * * *", (string?)infra.Parameters["parameters"]!["assessmentTick"]!["value"]);
    }

    [Fact]
    public void The_app_settings_name_no_runtime_time_zone_key_or_connection_string()
    {
        var settings = AppSettings();

        Assert.All(ForbiddenSettings, name => Assert.DoesNotContain(name, settings.Keys));
        // On Linux a ':' in a setting name never reaches .NET configuration; '__' does.
        Assert.All(settings.Keys, name => Assert.DoesNotContain(":", name, StringComparison.Ordinal));
        // APPLICATIONINSIGHTS_CONNECTION_STRING names the ingestion endpoint only; with local auth disabled it grants nothing.
        Assert.All(settings.Keys.Where(n => n != "APPLICATIONINSIGHTS_CONNECTION_STRING"),
            name => Assert.DoesNotContain("ConnectionString", name.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        Assert.All(settings.Values, value =>
        {
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessKey", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DefaultEndpointsProtocol", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(ListFunction(), value);
        });
    }

    [Fact]
    public void The_main_template_reads_no_key_and_hard_codes_no_cloud_endpoint()
    {
        var text = infra.Main.ToJsonString();

        Assert.DoesNotMatch(ListFunction(), text);
        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("core.windows.net", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("azurewebsites.net", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_storage_account_refuses_shared_keys_and_holds_the_pipeline_containers_and_queues()
    {
        var properties = Single(infra.Main, "Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);

        var parameters = Module("storage")["properties"]!["parameters"]!;
        Assert.Equal(
            ["deployments", "reports", "incoming", "processed", "ingest-errors", "pipeline-state"],
            Strings(Resolve(infra.Main, parameters["containers"]!["value"]!)));
        Assert.Equal(["ingest", "ingest-poison"], Strings(Resolve(infra.Main, parameters["queues"]!["value"]!)));
        Assert.Single(Resources(infra.Main, "Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Single(Resources(infra.Main, "Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void The_identity_gets_its_data_roles_by_deterministic_names()
    {
        var assignments = Resources(infra.Main, "Microsoft.Authorization/roleAssignments").ToList();
        // A role id is written in the module that assigns it, inline or in its variables (a loop over roles).
        var roles = Templates(infra.Main)
            .Where(t => t["resources"]!.AsArray().Any(r => (string?)r!["type"] == "Microsoft.Authorization/roleAssignments"))
            .Select(t => t["variables"]?.ToJsonString() + string.Join(' ', Resources(t["resources"], "Microsoft.Authorization/roleAssignments")
                .Select(a => (string)a["properties"]!["roleDefinitionId"]!)))
            .ToList();

        Assert.All(
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
             "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
             "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
             "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
             "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"], // Azure Service Bus Data Sender
            role => Assert.Contains(roles, r => r.Contains(role, StringComparison.Ordinal)));
        Assert.All(assignments, a => Assert.StartsWith("[guid(", (string)a["name"]!, StringComparison.Ordinal));

        var insights = Single(infra.Main, "Microsoft.Insights/components")["properties"]!;
        Assert.True((bool)insights["DisableLocalAuth"]!);
    }

    [Fact]
    public void The_service_bus_topic_drops_duplicates_for_a_day()
    {
        var sku = Single(infra.Main, "Microsoft.ServiceBus/namespaces")["sku"]!;
        Assert.Equal("Standard", (string?)sku["name"]);

        var topic = Single(infra.Main, "Microsoft.ServiceBus/namespaces/topics")["properties"]!;
        Assert.True((bool)topic["requiresDuplicateDetection"]!);
        Assert.Equal("P1D", (string?)topic["duplicateDetectionHistoryTimeWindow"]);
        Assert.Equal("assessments", (string?)Module("serviceBus")["properties"]!["parameters"]!["topicName"]!["value"]);
    }

    [Fact]
    public void The_storage_account_publishes_events_and_the_post_deploy_step_sends_new_incoming_blobs_to_IngestBlob()
    {
        var topic = Single(infra.Main, "Microsoft.EventGrid/systemTopics")["properties"]!;
        Assert.Equal("Microsoft.Storage.StorageAccounts", (string?)topic["topicType"]);

        var post = infra.PostDeploy;
        var subscription = Single(post, "Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!;
        var url = (string)subscription["destination"]!["properties"]!["endpointUrl"]!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.{", url, StringComparison.Ordinal);
        Assert.Contains(".systemKeys.blobs_extension", url, StringComparison.Ordinal);
        Assert.Equal("IngestBlob", (string?)post["parameters"]!["functionName"]!["defaultValue"]);

        var filter = subscription["filter"]!;
        Assert.Equal(["Microsoft.Storage.BlobCreated"], Strings(filter["includedEventTypes"]!));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('containerName'))]", (string?)filter["subjectBeginsWith"]);
        Assert.Equal("incoming", (string?)post["parameters"]!["containerName"]!["defaultValue"]);
    }

    [Fact]
    public void The_parameter_file_names_only_template_parameters_and_the_template_outputs_the_app()
    {
        var declared = infra.Main["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.All(infra.Parameters["parameters"]!.AsObject(), p => Assert.Contains(p.Key, declared));

        var outputs = infra.Main["outputs"]!.AsObject();
        Assert.Contains("AZURE_FUNCTION_APP_NAME", outputs.Select(o => o.Key));
        Assert.Contains("AZURE_FUNCTION_APP_URL", outputs.Select(o => o.Key));
    }

    private JsonObject FunctionApp() => Single(infra.Main, "Microsoft.Web/sites");

    private Dictionary<string, string> AppSettings() =>
        FunctionApp()["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => (string)s!["value"]!);

    private JsonObject Module(string name) =>
        Resources(infra.Main, "Microsoft.Resources/deployments").Single(d => (string?)d["name"] == name);

    private static JsonObject Single(JsonNode template, string type) => Assert.Single(Resources(template, type));

    /// <summary>Every resource of a type, at any depth (modules compile to nested deployments).</summary>
    private static IEnumerable<JsonObject> Resources(JsonNode? node, string type) => node switch
    {
        JsonObject o when o["type"] is JsonValue t && string.Equals((string?)t, type, StringComparison.OrdinalIgnoreCase) && o.ContainsKey("apiVersion") =>
            [o, .. o.SelectMany(p => Resources(p.Value, type))],
        JsonObject o => o.SelectMany(p => Resources(p.Value, type)),
        JsonArray a => a.SelectMany(n => Resources(n, type)),
        _ => [],
    };

    /// <summary>The template and every module's nested template.</summary>
    private static IEnumerable<JsonObject> Templates(JsonNode? node) => node switch
    {
        JsonObject o when o.ContainsKey("$schema") && o["resources"] is JsonArray =>
            [o, .. o.Where(p => p.Key != "$schema").SelectMany(p => Templates(p.Value))],
        JsonObject o => o.SelectMany(p => Templates(p.Value)),
        JsonArray a => a.SelectMany(Templates),
        _ => [],
    };

    /// <summary>Follows <c>[variables('x')]</c> references through the template's variables.</summary>
    private static JsonNode Resolve(JsonObject template, JsonNode node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) && VariableReference().Match(s) is { Success: true } m =>
            Resolve(template, template["variables"]![m.Groups[1].Value]!),
        JsonArray a => new JsonArray([.. a.Select(n => Resolve(template, n!))]),
        _ => node.DeepClone(),
    };

    private static List<string> Strings(JsonNode array) => [.. array.AsArray().Select(n => (string)n!)];

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"\blist\w*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    /// <summary>infra/*.bicep compiled once into a temporary folder by the Bicep CLI from its NuGet package.</summary>
    public sealed class CompiledInfra : IDisposable
    {
        private readonly string _output = Directory.CreateTempSubdirectory("pipeline-infra-").FullName;

        public CompiledInfra()
        {
            var infraDirectory = Path.GetFullPath(Metadata("InfraDirectory"));
            var bicep = Path.Combine(Metadata("BicepPackagePath"), "tools", "bicep");
            if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(bicep).HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
            }

            Builds = new[] { "main.bicep", "post-deploy.bicep" }
                .ToDictionary(file => file, file => Build(bicep, Path.Combine(infraDirectory, file)));
            Parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(infraDirectory, "main.parameters.json")))!.AsObject();
        }

        public IReadOnlyDictionary<string, BicepBuild> Builds { get; }

        public JsonObject Main => Builds["main.bicep"].Template;

        public JsonObject PostDeploy => Builds["post-deploy.bicep"].Template;

        public JsonObject Parameters { get; }

        public void Dispose() => Directory.Delete(_output, recursive: true);

        private BicepBuild Build(string bicep, string file)
        {
            var start = new ProcessStartInfo(bicep)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                ArgumentList = { "build", file, "--outdir", _output },
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"bicep build {file} did not finish in 2 minutes");
            }

            var diagnostics = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
            var json = Path.Combine(_output, Path.ChangeExtension(Path.GetFileName(file), ".json"));
            var template = process.ExitCode == 0 ? JsonNode.Parse(File.ReadAllText(json))!.AsObject() : [];
            return new BicepBuild(process.ExitCode, diagnostics, template);
        }

        private static string Metadata(string key) =>
            typeof(CompiledInfra).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"AssemblyMetadata {key} is not set (see Pipeline.Tests.csproj)");
    }

    /// <summary>One <c>bicep build</c>: its exit code, everything it printed (diagnostics), and the ARM template.</summary>
    public sealed record BicepBuild(int ExitCode, string Diagnostics, JsonObject Template);
}
