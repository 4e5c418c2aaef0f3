using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Assessment;

/// <summary>
/// End to end over HTTP against Azurite: a seeded month of mixed records posted as CSV, NDJSON and JSON
/// (master data last), assessed, read back, and compared field by field with <see cref="ReferenceAssessment"/>,
/// an independent computation of the contract written without the engine's code.
/// </summary>
public sealed class AssessmentHttpTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(20261124, "2026-11")]
    [InlineData(7, "2026-11")]
    [InlineData(20261124, "2026")]
    public async Task Figures_match_an_independent_computation_of_the_contract(int seed, string period)
    {
        var records = MixedMonth.Generate(seed);
        using var client = _app.CreateClient();
        await PostAllAsync(client, records);

        using var run = await client.PostAsync($"/api/assessments/{period}", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var posted = JsonNode.Parse(await run.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        var latest = await client.GetFromJsonAsync<JsonObject>($"/api/assessments/{period}", TestContext.Current.CancellationToken);
        Assert.Equal((string)posted["runId"]!, (string)latest!["runId"]!);
        AssertMatchesReference(records, period, latest);
    }

    /// <summary>Every figure of <paramref name="latest"/> (a published result) equals the reference computation's of <paramref name="records"/>.</summary>
    internal static void AssertMatchesReference(Dictionary<string, List<JsonObject>> records, string period, JsonObject latest)
    {
        var expected = ReferenceAssessment.Compute(
            records.ToDictionary(r => r.Key, r => (IReadOnlyList<JsonObject>)r.Value), period, new ReferenceOptions());
        var actual = Flatten(latest);

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        var mismatches = new List<string>();
        foreach (var (scope, fields) in expected)
        {
            foreach (var (field, value) in fields)
            {
                var found = actual[scope].TryGetValue(field, out var got);
                if (!found || !Close(value, got))
                {
                    mismatches.Add($"{scope} {field}: expected {value?.ToString("R", CultureInfo.InvariantCulture) ?? "null"}, got {(found ? got?.ToString("R", CultureInfo.InvariantCulture) ?? "null" : "missing")}");
                }
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} figures differ:\n{string.Join("\n", mismatches.Take(40))}");
        Assert.Equal(period.Length == 4 ? "annual" : "monthly", (string)latest["kind"]!);
        Assert.Equal("Asia/Shanghai", (string)latest["timeZone"]!);
    }

    private static bool Close(double? expected, double? actual) =>
        expected is null ? actual is null : actual is not null && Math.Abs(expected.Value - actual.Value) <= 1e-6 * Math.Max(1, Math.Abs(expected.Value));

    private static Dictionary<string, Dictionary<string, double?>> Flatten(JsonObject result)
    {
        var scopes = new Dictionary<string, Dictionary<string, double?>>(StringComparer.Ordinal);
        foreach (var scope in result["scopes"]!.AsArray().Select(s => s!.AsObject()))
        {
            var fields = new Dictionary<string, double?>(StringComparer.Ordinal)
            {
                ["score"] = (double?)scope["score"],
                ["rank"] = (double?)scope["rank"],
            };
            foreach (var (kpi, value) in scope["kpis"]!.AsObject())
            {
                Walk(kpi, value, fields);
            }

            scopes[$"{(string)scope["scope"]!}:{(string)scope["id"]!}"] = fields;
        }

        return scopes;
    }

    private static void Walk(string path, JsonNode? node, Dictionary<string, double?> fields)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key != "change")
                    {
                        Walk($"{path}.{key}", child, fields);
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<double>(out var number):
                fields[path] = number;
                break;
            case null:
                fields[path] = null;
                break;
        }
    }

    internal static async Task PostAllAsync(HttpClient client, Dictionary<string, List<JsonObject>> records)
    {
        // Master data last: defaults must be resolved when the assessment runs, not when records arrive.
        foreach (var (kind, list) in records.OrderBy(r => r.Key == "employees"))
        {
            HttpContent content = kind switch
            {
                "sales" => new StringContent(Csv(list), Encoding.UTF8, "text/csv"),
                "complaints" => new StringContent(string.Join("\n", list.Select(r => r.ToJsonString())), Encoding.UTF8, "application/x-ndjson"),
                _ => new StringContent(new JsonArray(list.Select(r => (JsonNode)r.DeepClone()).ToArray()).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            using (content)
            {
                using var response = await client.PostAsync($"/api/records/{kind}", content, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.OK && (int)body!["rejected"]! == 0, $"{kind}: {body}");
            }
        }
    }

    private static string Csv(List<JsonObject> records)
    {
        var header = records.SelectMany(r => r.Select(p => p.Key)).Distinct().ToList();
        var builder = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var record in records)
        {
            builder.Append(string.Join(",", header.Select(field => record[field] switch
            {
                null => "",
                JsonValue value when value.TryGetValue<string>(out var text) => Quote(text),
                var value => Quote(value.ToJsonString()),
            }))).Append('\n');
        }

        return builder.ToString();
    }

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
