using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;

namespace Pipeline.Tests.Operations;

/// <summary>
/// The runbook (<c>docs/operations.md</c>) says what to run; this test runs it. Every line that starts with
/// <c>curl</c> is parsed like a shell would (quotes, <c>-X</c>, <c>-H</c>, <c>-d</c>) and sent, in the runbook's order,
/// to the standalone app with <c>$APP</c> its address and <c>$KEY</c> its key, over a poison queue and records seeded
/// as an operator would find them. The files the runbook names must exist.
/// </summary>
public sealed partial class RunbookTests(AzuriteFixture azurite)
{
    private const string Key = "runbook-key";

    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));

    private static string Runbook() => File.ReadAllText(Path.Combine(Root(), "docs", "operations.md"));

    [Fact]
    public async Task Every_curl_command_of_the_runbook_does_what_it_says_against_the_app()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?> { ["Pipeline:ApiKey"] = Key });
        using var client = app.CreateClient();
        var token = TestContext.Current.CancellationToken;

        // What an operator finds: a sale to correct, a message poisoned by a storage outage, one of an unknown kind.
        using (var seed = new HttpRequestMessage(HttpMethod.Post, "/api/records/sales"))
        {
            seed.Headers.Add("x-functions-key", Key);
            seed.Content = new StringContent(JsonSerializer.Serialize(new[] { Samples.Valid("sales").With("id", "S-1001").With("date", "2026-10-03") }),
                Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(seed, token)).StatusCode);
        }

        var poison = new QueueClient(azurite.ConnectionString, app.Prefix + "ingest-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync(cancellationToken: token);
        foreach (var (error, message) in new[]
                 {
                     ("storage failed on attempt 5 of 5: 503 ServerBusy", JsonSerializer.Serialize(new { kind = "sales", records = new[] { Samples.Valid("sales") } })),
                     ("unknown record kind 'refunds'", "{\"kind\":\"refunds\",\"records\":[]}"),
                 })
        {
            await poison.SendMessageAsync(JsonSerializer.Serialize(new { error, dequeueCount = 5, failedAt = DateTimeOffset.UtcNow, message }), token);
        }

        var answers = new List<(string Command, HttpStatusCode Status, string Body)>();
        foreach (var command in CurlCommands(Runbook()))
        {
            using var request = Request(command);
            using var response = await client.SendAsync(request, token);
            var body = await response.Content.ReadAsStringAsync(token);
            Assert.True(response.IsSuccessStatusCode, $"{command}\n→ {(int)response.StatusCode} {body}");
            answers.Add((command, response.StatusCode, body));
        }

        string Answer(string part) => Assert.Single(answers, a => a.Command.Contains(part, StringComparison.Ordinal)).Body;
        Assert.Equal(7, answers.Count);
        Assert.Equal("2026-10", (string)JsonNode.Parse(Answer("-X POST \"$APP/api/assessments/2026-10\""))!["period"]!);
        Assert.Equal(1, (int)JsonNode.Parse(Answer("curl -fsS \"$APP/api/assessments/2026-10\""))!["inputs"]!["sales"]!);
        var filtered = JsonNode.Parse(Answer("replay?errorContains="))!;
        Assert.Equal((1, 1), ((int)filtered["replayed"]!, (int)filtered["left"]!));
        var all = JsonNode.Parse(Answer("replay\" "))!;
        Assert.Equal((1, 0), ((int)all["replayed"]!, (int)all["left"]!));
        var corrected = JsonNode.Parse(Answer("-X POST \"$APP/api/records/sales\""))!;
        Assert.Equal((1, 0), ((int)corrected["accepted"]!, (int)corrected["rejected"]!));
        Assert.Equal("2026-10-03", (string)JsonNode.Parse(Answer("curl -fsS \"$APP/api/records/sales/S-1001\""))!["date"]!);
        Assert.Equal(HttpStatusCode.NoContent, Assert.Single(answers, a => a.Command.Contains("-X DELETE", StringComparison.Ordinal)).Status);
        Assert.DoesNotContain(await Tables.AllAsync(azurite, app.Prefix, "sales"), e => e.RowKey == "S-1001");
    }

    [Fact]
    public void The_files_and_routes_the_runbook_names_exist()
    {
        var runbook = Runbook();
        var paths = RepositoryPath().Matches(runbook).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(paths);
        Assert.All(paths, path => Assert.True(File.Exists(Path.Combine(Root(), path)) || Directory.Exists(Path.Combine(Root(), path)), path));
        Assert.True(File.Exists(Path.Combine(Root(), "infra", "app", "rbac.bicep")));
        Assert.Contains("azd up", runbook, StringComparison.Ordinal);
    }

    private static IEnumerable<string> CurlCommands(string markdown) =>
        markdown.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("curl ", StringComparison.Ordinal));

    private static HttpRequestMessage Request(string command)
    {
        var words = Words(command);
        var method = HttpMethod.Get;
        string? url = null, data = null;
        var headers = new List<(string Name, string Value)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-fsS" or "-s" or "-f" or "-S":
                    break;
                case "-X":
                    method = new HttpMethod(words[++i]);
                    break;
                case "-H":
                    var header = words[++i].Split(':', 2);
                    headers.Add((header[0].Trim(), header[1].Trim()));
                    break;
                case "-d" or "--data" or "--data-binary":
                    data = words[++i];
                    method = method == HttpMethod.Get ? HttpMethod.Post : method;
                    break;
                case var word when word.StartsWith("$APP/", StringComparison.Ordinal):
                    url = word["$APP".Length..];
                    break;
                case var word:
                    throw new InvalidOperationException($"The runbook test does not know '{word}' in: {command}");
            }
        }

        var request = new HttpRequestMessage(method, url ?? throw new InvalidOperationException($"No $APP URL in: {command}"));
        var contentType = headers.FirstOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (data is not null)
        {
            request.Content = new StringContent(data, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }

        foreach (var (name, value) in headers.Where(h => !h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.Add(name, value.Replace("$KEY", Key, StringComparison.Ordinal));
        }

        return request;
    }

    // Shell words: whitespace separates, '…' is literal, "…" is literal here (the runbook's variables are substituted above).
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (c is '\'' or '"')
            {
                var end = command.IndexOf(c, i + 1);
                word.Append(command, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    [GeneratedRegex(@"`((?:infra|scripts|docs|functions|shared|tests)/[A-Za-z0-9_./-]+\.[a-z0-9]+)`")]
    private static partial Regex RepositoryPath();
}
