using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// Generated hostile input over HTTP (property-based, CsCheck): every bad record is named with its field, every bad
/// body gets a problem with a detail, and nothing is ever answered with a 5xx.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class HostileInputTests(AzuriteFixture azurite)
{
    private static async Task<(HttpStatusCode Status, string? MediaType, string Text)> PostAsync(
        HttpClient client, string kind, byte[] body, string? contentType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            content.Headers.ContentType = parsed;
        }
        else if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await client.PostAsync($"/api/records/{kind}", content, cancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    [Fact]
    public async Task Ten_thousand_generated_bad_records_and_bodies_get_precise_errors_and_never_a_5xx()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        var token = timeout.Token;
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var badRecords = 0;
        var serverErrors = 0;

        await Check.SampleAsync(HostileInput.RecordPosts, async post =>
        {
            var (body, contentType) = HostileInput.Body(post);
            var (status, _, text) = await PostAsync(client, post.Kind, Encoding.UTF8.GetBytes(body), contentType, token);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if ((int)status >= 500)
            {
                Interlocked.Increment(ref serverErrors);
            }

            Assert.True(status == HttpStatusCode.OK, $"{status}: {text}");
            var answer = JsonNode.Parse(text)!.AsObject();
            Assert.Equal((15, 14, 1), ((int)answer["received"]!, (int)answer["rejected"]!, (int)answer["accepted"]! + (int)answer["stale"]!));
            var errors = answer["errors"]!.AsArray().Select(e => e!.AsObject()).ToList();
            var bad = 0;
            for (var index = 0; index < 15; index++)
            {
                if (index == post.ValidAt)
                {
                    Assert.DoesNotContain(errors, e => (int)e["index"]! == index);
                    continue;
                }

                var field = post.Bad[bad++].Field;
                var named = errors.Where(e => (int)e["index"]! == index && (string?)e["field"] == field).ToList();
                Assert.True(named.Count > 0, $"record {index}: no error names {field}; errors: {string.Join("; ", errors.Where(e => (int)e["index"]! == index).Select(e => e.ToJsonString()))}");
                Assert.All(named, e => Assert.False(string.IsNullOrWhiteSpace((string?)e["message"])));
                if (post.Format != "json")
                {
                    Assert.All(named, e => Assert.True((int?)e["line"] > 0, "no line"));
                }
            }

            Interlocked.Add(ref badRecords, bad);
        }, iter: 720, threads: 4, print: post => post.ToString());

        var bodies = 0;
        await Check.SampleAsync(HostileInput.BrokenBodies, async broken =>
        {
            var (status, mediaType, text) = await PostAsync(client, broken.Kind, broken.Body, broken.ContentType, token);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            Interlocked.Increment(ref bodies);
            if ((int)status >= 500)
            {
                Interlocked.Increment(ref serverErrors);
            }

            Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType });
            var answer = JsonNode.Parse(text)!.AsObject();
            if (status == HttpStatusCode.OK)
            {
                var received = (int)answer["received"]!;
                Assert.All(answer["errors"]!.AsArray(), e =>
                {
                    Assert.InRange((int)e!["index"]!, 0, received - 1);
                    Assert.False(string.IsNullOrWhiteSpace((string?)e["message"]));
                });
            }
            else
            {
                Assert.Equal("application/problem+json", mediaType);
                Assert.False(string.IsNullOrWhiteSpace((string?)answer["detail"]), text);
            }
        }, iter: 1500, threads: 4, print: broken => broken.ToString());

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"bad records {badRecords} in 720 posts, broken bodies {bodies}; 5xx answers {serverErrors}; statuses " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")));
        Assert.True(badRecords + bodies >= 10_000);
        Assert.Equal(0, serverErrors);
    }

    [Fact]
    public async Task Megabyte_lines_a_million_records_and_a_million_fields_are_refused_cleanly()
    {
        var token = TestContext.Current.CancellationToken;
        using var app = new PipelineFactory(azurite);
        using var client = app.CreateClient();

        // A CSV line of 3 MB.
        var csv = "id,date,employeeId,customerId,product,amount\nS-1,2026-11-03,E1,K1,P1,1\nS-2,2026-11-03,E1,K1," + new string('p', 3_000_000) + ",1\n";
        var (status, _, text) = await PostAsync(client, "sales", Encoding.UTF8.GetBytes(csv), "text/csv", token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("line 3", text);

        // A million records (3 MB of "{}").
        var million = "[" + string.Join(',', Enumerable.Repeat("{}", 1_000_000)) + "]";
        (status, _, text) = await PostAsync(client, "sales", Encoding.UTF8.GetBytes(million), "application/json", token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("more than 100000 records", text);

        // One record with a million fields.
        var wide = "{" + string.Join(',', Enumerable.Range(0, 1_000_000).Select(i => $"\"f{i}\":1")) + "}";
        (status, _, text) = await PostAsync(client, "sales", Encoding.UTF8.GetBytes(wide), "application/json", token);
        Assert.Equal(HttpStatusCode.OK, status);
        var error = Assert.Single(JsonNode.Parse(text)!["errors"]!.AsArray())!;
        Assert.Equal((0, "record has more than 1000 fields"), ((int)error["index"]!, (string?)error["message"]));

        // A CSV header of a million columns.
        var columns = string.Join(',', Enumerable.Range(0, 1_000_000).Select(i => $"c{i}")) + "\n1\n";
        (status, _, text) = await PostAsync(client, "sales", Encoding.UTF8.GetBytes(columns), "text/csv", token);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("1000000 columns", text);
        Assert.Empty(await Tables.AllAsync(azurite, app.Prefix, "sales"));
    }

    [Fact]
    public async Task The_api_key_is_never_written_to_the_logs_even_at_trace_level()
    {
        const string key = "k3y-that-must-not-leak-7f3a";
        var token = TestContext.Current.CancellationToken;
        var logs = new CapturedLogs();
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?>
        {
            ["Pipeline:ApiKey"] = key, ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        }) { TestServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        using var client = app.CreateClient();

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/records/sales") { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        wrong.Headers.Add("x-functions-key", key + "x");
        using var refused = await client.SendAsync(wrong, token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/records/sales") { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
        right.Headers.Add("x-functions-key", key);
        using var accepted = await client.SendAsync(right, token);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var portal = await client.GetAsync($"/api/portal?code={key}", token);
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(key, StringComparison.Ordinal));
    }
}
