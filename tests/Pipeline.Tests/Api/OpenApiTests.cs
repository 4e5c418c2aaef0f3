using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Kpis;
using Pipeline.Standalone;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Api;

/// <summary>
/// <c>GET /api/openapi.json</c> serves one checked-in document in both hostings (the Functions worker has no ASP.NET
/// Core endpoint metadata to generate it from). This test regenerates it from the standalone app's endpoints with
/// Microsoft.AspNetCore.OpenApi and <see cref="OpenApiDescription"/> and requires the checked-in copy to be the same; a
/// difference writes the received document beside it to review and copy. Redocly CLI then lints it as a client
/// generator's user would.
/// </summary>
public sealed class OpenApiTests(AzuriteFixture azurite)
{
    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    private static string Checked() => Path.Combine(Root(), "shared", "Pipeline.Service", "Api", "openapi.json");

    [Fact]
    public async Task The_served_document_is_the_one_generated_from_the_routes()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["OpenApi:Live"] = "true" });
        using var client = app.CreateClient();
        var live = JsonNode.Parse(await client.GetStringAsync("/live/openapi.json", TestContext.Current.CancellationToken))!;
        var generated = live.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var checkedIn = File.Exists(Checked()) ? await File.ReadAllTextAsync(Checked(), TestContext.Current.CancellationToken) : "";
        if (checkedIn.ReplaceLineEndings("\n").Trim() != generated.ReplaceLineEndings("\n").Trim())
        {
            await File.WriteAllTextAsync(Checked().Replace("openapi.json", "openapi.received.json", StringComparison.Ordinal), generated, TestContext.Current.CancellationToken);
            Assert.Fail("shared/Pipeline.Service/Api/openapi.json is not what the routes generate; see openapi.received.json beside it.");
        }

        var served = await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken);
        Assert.Equal(checkedIn.Trim(), served.Trim());
        Assert.DoesNotContain("\"$type\"", served, StringComparison.Ordinal); // KPI values carry no type discriminator

        // Every route the app maps is described (a newly mapped route appears by itself), and nothing else.
        var described = JsonNode.Parse(served)!["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key}"))
            .Order(StringComparer.Ordinal).ToList();
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText != "/api/openapi.json" && !e.RoutePattern.RawText!.StartsWith("/live/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/').Replace("{*path}", "{path}", StringComparison.Ordinal)}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(mapped, described);
        Assert.Contains("POST /api/queues/ingest-poison/replay", described);
    }

    [Fact]
    public void Every_record_kind_has_a_request_schema_from_its_field_specs()
    {
        var document = JsonNode.Parse(File.ReadAllText(Checked()))!;
        var schemas = document["components"]!["schemas"]!;
        var ingest = document["paths"]!["/api/records/{kind}"]!["post"]!;
        Assert.Equal(KpiCatalog.Kinds.Select(k => k.Name), ingest["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "kind")!["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["application/json", "application/x-ndjson", "text/csv"], ingest["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        foreach (var kind in KpiCatalog.Kinds)
        {
            var record = schemas[RecordKindSchemas.RecordName(kind)]!;
            Assert.Equal(kind.Fields.Select(f => f.Name), record["properties"]!.AsObject().Select(p => p.Key));
            Assert.Equal(kind.Fields.Where(f => f.Required).Select(f => f.Name).Order(), (record["required"]?.AsArray() ?? []).Select(r => (string)r!).Order());
            foreach (var field in kind.Fields.Where(f => f.Values.Count > 0))
            {
                Assert.Equal(field.Values, record["properties"]![field.Name]!["enum"]!.AsArray().Select(v => (string)v!));
            }

            Assert.NotNull(schemas[RecordKindSchemas.BodyName(kind)]);
            Assert.StartsWith(string.Join(',', kind.Fields.Select(f => f.Name)),
                (string)ingest["requestBody"]!["content"]!["text/csv"]!["examples"]![kind.Name]!["value"]!, StringComparison.Ordinal);
        }

        var scheme = document["components"]!["securitySchemes"]![OpenApiDescription.FunctionKey]!;
        Assert.Equal(("apiKey", "header", "x-functions-key"), ((string)scheme["type"]!, (string)scheme["in"]!, (string)scheme["name"]!));
        Assert.Empty(document["paths"]!["/api/health"]!["get"]!["security"]!.AsArray());
        Assert.Contains(document["paths"]!["/api/queues/ingest-poison/replay"]!["post"]!["security"]!.AsArray(), r => r![OpenApiDescription.FunctionKey] is not null);
    }

    [Theory]
    [InlineData("GetRecord", "Get record")]
    [InlineData("ReplayPoison", "Replay poison")]
    [InlineData("", null)]
    public void A_route_mapped_without_a_summary_is_summarised_from_its_name(string name, string? summary) =>
        Assert.Equal(summary, OpenApiDescription.Sentence(name));

    [Fact]
    public async Task Redocly_finds_no_error_with_its_recommended_rules()
    {
        // `npx redocly lint shared/Pipeline.Service/Api/openapi.json` — Redocly CLI as pinned in package.json, installed by npm ci.
        var cli = Path.Combine(Root(), "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: run npm ci in the repository root.");
        var start = new ProcessStartInfo("node", [cli, "lint", Checked(), "--format=stylish"])
        {
            WorkingDirectory = Root(), RedirectStandardOutput = true, RedirectStandardError = true,
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var report = await output + await errors;
        Assert.True(process.ExitCode == 0, report);
        Assert.Contains("Woohoo! Your API description is valid.", report);
        Assert.DoesNotContain(report.Split('\n'), line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\s*\d+:\d+\s+error\s"));
    }
}
