using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Assessment;

/// <summary>
/// The same stored records give the same published figures, byte for byte apart from the run id and time, however
/// the partitions' pages happen to arrive (they are read eight at a time) — run after run.
/// </summary>
public sealed class DeterminismTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Runs_of_the_same_stored_month_publish_identical_results_and_reports()
    {
        using var client = _app.CreateClient();
        await AssessmentHttpTests.PostAllAsync(client, MixedMonth.Generate(20261124));

        var runs = new List<Dictionary<string, string>>();
        for (var run = 0; run < 4; run++)
        {
            using var response = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
            var runId = (string)result["runId"]!;
            var generatedAt = (string)result["generatedAt"]!;
            Assert.NotEmpty(result["alerts"]!.AsArray());

            var files = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in new[] { "assessment.json", "assessment.csv", "assessment.html", "assessment.en.html", "satisfaction-analysis.html", "complaint-analysis.en.html" })
            {
                var text = await client.GetStringAsync($"/api/reports/runs/2026-11/{runId}/{name}", TestContext.Current.CancellationToken);
                files[name] = Normalise(text, runId, generatedAt);
            }

            runs.Add(files);
        }

        foreach (var (name, first) in runs[0])
        {
            for (var run = 1; run < runs.Count; run++)
            {
                Assert.True(first == runs[run][name], $"{name} of run {run + 1} differs from run 1");
            }
        }
    }

    // The run id and the time a run was made are the only things allowed to differ; the reports show the time in
    // several forms, so every line that names it is dropped with it.
    private static string Normalise(string text, string runId, string generatedAt)
    {
        var instant = DateTimeOffset.Parse(generatedAt, System.Globalization.CultureInfo.InvariantCulture);
        var lines = text.Replace(runId, "RUN", StringComparison.Ordinal).Replace(generatedAt, "GENERATED", StringComparison.Ordinal).Split('\n');
        var stamps = new[] { "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm" }
            .SelectMany(f => new[] { instant.ToString(f, System.Globalization.CultureInfo.InvariantCulture), instant.ToUniversalTime().ToString(f, System.Globalization.CultureInfo.InvariantCulture), instant.ToOffset(TimeSpan.FromHours(8)).ToString(f, System.Globalization.CultureInfo.InvariantCulture) })
            .ToList();
        return string.Join('\n', lines.Select(line => stamps.Aggregate(line, (l, stamp) => l.Replace(stamp, "TIME", StringComparison.Ordinal))));
    }
}
