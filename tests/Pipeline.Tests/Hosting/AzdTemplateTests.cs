using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Tests.Hosting;

/// <summary>
/// <c>azure.yaml</c> (what <c>azd up</c> reads) is valid against azd's published schema (checked in under
/// <c>Hosting/Data</c>, source and commit in its README), and every path, parameter and variable it and its hooks name
/// exists: the service project, the Bicep module, the hook scripts, the environment variables the parameter file and the
/// hooks read, the parameters the hooks pass to <c>post-deploy.bicep</c>.
/// </summary>
public sealed partial class AzdTemplateTests
{
    // Variables azd itself sets in every environment (azd env, AZURE_PRINCIPAL_ID from the signed-in account).
    private static readonly string[] AzdVariables = ["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_SUBSCRIPTION_ID", "AZURE_PRINCIPAL_ID"];

    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    private static string Data([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "Data");

    // Built once: the schema registers its $id process-wide, and a second build of the same $id is refused.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Data(), "azure.yaml.json"))));

    private static JsonObject AzureYaml() => (JsonObject)Yaml(File.ReadAllText(Path.Combine(Root(), "azure.yaml")))!;

    [Fact]
    public void Azure_yaml_is_valid_against_azds_published_schema()
    {
        var results = Schema.Value.Evaluate(JsonSerializer.SerializeToElement(AzureYaml()), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.SchemaLocation}): {e.Key} {e.Value}"))));
    }

    [Fact]
    public void The_schema_check_fails_on_what_azd_would_refuse()
    {
        var badName = AzureYaml();
        badName["name"] = "KPI Pipeline"; // lower-case letters, digits and hyphens only
        Assert.False(Schema.Value.Evaluate(JsonSerializer.SerializeToElement(badName)).IsValid);
        var badShell = AzureYaml();
        badShell["hooks"]!["postdeploy"]!["posix"]!["shell"] = "zsh"; // azd runs sh or pwsh
        Assert.False(Schema.Value.Evaluate(JsonSerializer.SerializeToElement(badShell)).IsValid);
        var noHost = AzureYaml();
        noHost["services"]!["api"]!.AsObject().Remove("host");
        Assert.False(Schema.Value.Evaluate(JsonSerializer.SerializeToElement(noHost)).IsValid);
    }

    [Fact]
    public void The_service_is_the_worker_project_deployed_to_the_app_tagged_with_its_name()
    {
        var services = AzureYaml()["services"]!.AsObject();
        var (name, service) = Assert.Single(services);
        Assert.Equal(("function", "dotnet"), ((string)service!["host"]!, (string)service["language"]!));
        var project = Path.GetFullPath(Path.Combine(Root(), (string)service["project"]!));
        Assert.Equal(Path.Combine(Root(), "functions", "Pipeline.Functions"), project.TrimEnd(Path.DirectorySeparatorChar));
        Assert.True(File.Exists(Path.Combine(project, "Pipeline.Functions.csproj")));

        // azd finds the app to deploy to by the tag azd-service-name = the service's name.
        Assert.Contains($"'azd-service-name': '{name}'", File.ReadAllText(Path.Combine(Root(), "infra", "app", "api.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_infra_module_and_its_parameter_file_exist_and_read_azds_variables()
    {
        var infra = AzureYaml()["infra"]!;
        Assert.Equal("bicep", (string)infra["provider"]!);
        var module = Path.Combine(Root(), (string)infra["path"]!, (string)infra["module"]! + ".bicep");
        Assert.True(File.Exists(module), module);
        var parameters = File.ReadAllText(Path.ChangeExtension(module, ".parameters.json"));
        var read = Variable().Matches(parameters).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_PRINCIPAL_ID"], read);

        var bicep = File.ReadAllText(module);
        foreach (var parameter in JsonNode.Parse(parameters)!["parameters"]!.AsObject().Select(p => p.Key))
        {
            Assert.Matches($@"(?m)^param {parameter}\b", bicep);
        }
    }

    [Theory]
    [InlineData("posix")]
    [InlineData("windows")]
    public void The_postdeploy_hook_runs_a_script_that_exists_and_reads_only_what_main_bicep_outputs(string platform)
    {
        var hook = AzureYaml()["hooks"]!["postdeploy"]![platform]!;
        var script = Path.Combine(Root(), (string)hook["run"]!);
        Assert.True(File.Exists(script), script);
        var text = File.ReadAllText(script);

        var outputs = Regex.Matches(File.ReadAllText(Path.Combine(Root(), "infra", "main.bicep")), @"(?m)^output (\w+) ")
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var reference = platform == "windows" ? @"\$env:([A-Z][A-Z0-9_]+)" : @"\$\{?([A-Z][A-Z0-9_]+)";
        var used = Regex.Matches(text, reference).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, variable => Assert.True(outputs.Contains(variable) || AzdVariables.Contains(variable),
            $"{script} reads {variable}, which neither main.bicep outputs nor azd sets"));

        // It deploys post-deploy.bicep with parameters that template declares.
        Assert.Contains("infra/post-deploy.bicep", text, StringComparison.Ordinal);
        var declared = Regex.Matches(File.ReadAllText(Path.Combine(Root(), "infra", "post-deploy.bicep")), @"(?m)^param (\w+) ")
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var passed = Regex.Matches(text, @"\b([a-z]\w*)=""?\$(?:env:|\{)?[A-Za-z]").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["functionAppName", "systemTopicName", "containerName"], passed);
        Assert.All(passed, p => Assert.Contains(p, declared));
    }

    [GeneratedRegex(@"\$\{([A-Z_]+)\}")]
    private static partial Regex Variable();

    /// <summary>YAML 1.2 core schema to JSON: plain scalars <c>true</c>/<c>false</c>, numbers and <c>null</c> are typed, the rest strings.</summary>
    private static JsonNode? Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
            YamlScalarNode { Style: ScalarStyle.Plain } scalar => scalar.Value switch
            {
                null or "" or "~" or "null" => null,
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                var v when long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
                var v => JsonValue.Create(v),
            },
            YamlScalarNode scalar => JsonValue.Create(scalar.Value),
            _ => throw new NotSupportedException(node.GetType().Name),
        };
    }
}
