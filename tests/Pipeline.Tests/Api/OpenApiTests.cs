using System.Text.Json.Nodes;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Api;

/// <summary>
/// <c>GET /api/openapi.json</c> serves one checked-in document in both hostings (the Functions worker has no ASP.NET
/// Core endpoint metadata to generate it from). This test regenerates it from the standalone app's endpoints with
/// Microsoft.AspNetCore.OpenApi and requires the checked-in copy to be the same; a difference writes the received
/// document beside it to review and copy.
/// </summary>
public sealed class OpenApiTests(AzuriteFixture azurite)
{
    private static string Checked([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", "..", "shared", "Pipeline.Service", "Api", "openapi.json"));

    [Fact]
    public async Task The_served_document_is_the_one_generated_from_the_routes()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["OpenApi:Live"] = "true" });
        using var client = app.CreateClient();
        var live = JsonNode.Parse(await client.GetStringAsync("/live/openapi.json", TestContext.Current.CancellationToken))!;
        live["servers"] = null;
        var generated = live.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var checkedIn = File.Exists(Checked()) ? await File.ReadAllTextAsync(Checked(), TestContext.Current.CancellationToken) : "";
        if (checkedIn.ReplaceLineEndings("\n").Trim() != generated.ReplaceLineEndings("\n").Trim())
        {
            await File.WriteAllTextAsync(Checked().Replace("openapi.json", "openapi.received.json", StringComparison.Ordinal), generated, TestContext.Current.CancellationToken);
            Assert.Fail("shared/Pipeline.Service/Api/openapi.json is not what the routes generate; see openapi.received.json beside it.");
        }

        var served = await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken);
        Assert.Equal(checkedIn.Trim(), served.Trim());
        var paths = JsonNode.Parse(served)!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/records/{kind}", paths);
        Assert.Contains("/api/assessments/{period}", paths);
        Assert.Contains("/api/portal", paths);
    }
}
