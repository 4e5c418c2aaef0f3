using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Functions;
using Pipeline.Tests.Assessment;
using Pipeline.Tests.Infrastructure;
using Pipeline.Runs;

namespace Pipeline.Tests.Triggers;

/// <summary>The worker's timer function called with the <see cref="TimerInfo"/> the worker hands it.</summary>
public sealed class ScheduleTriggersTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_past_due_tick_after_downtime_runs_the_missed_month_once()
    {
        // The host was down over 1 December; it comes back on 3 December and its timer is past due.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-03T09:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture));
        using var app = new PipelineFactory(azurite) { TestServices = services => services.AddSingleton<TimeProvider>(clock) };
        var function = new ScheduleTriggers(app.Services.GetRequiredService<ScheduledAssessments>(), app.Services.GetRequiredService<AssessmentEvents>());

        await function.TickAsync(new TimerInfo { IsPastDue = true }, null, TestContext.Current.CancellationToken);
        await function.TickAsync(new TimerInfo { IsPastDue = false }, null, TestContext.Current.CancellationToken);

        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/assessments/2026-11", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runs = await Tables.AllAsync(azurite, app.Prefix, "assessmentRuns");
        Assert.Equal("2026-11", Assert.Single(runs).PartitionKey);
    }

    [Fact]
    public async Task On_the_first_of_january_the_tick_assesses_december_the_fourth_quarter_and_the_year_and_announces_each()
    {
        // 02:05 on 1 January 2027 in Shanghai: the 02:00 occurrence plus the host's tick (Assessment:Tick, minute 5 UTC).
        var token = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2027-01-01T02:05:00+08:00", CultureInfo.InvariantCulture));
        var sender = new RecordingSender();
        using var app = new PipelineFactory(azurite)
        {
            TestServices = services => services.AddSingleton<TimeProvider>(clock).AddSingleton<ServiceBusSender>(sender),
        };
        using var client = app.CreateClient();
        await AssessmentHttpTests.PostAllAsync(client, MixedMonth.Generate(20261124)); // 31 October to early December
        var function = new ScheduleTriggers(app.Services.GetRequiredService<ScheduledAssessments>(), app.Services.GetRequiredService<AssessmentEvents>());

        await function.TickAsync(new TimerInfo { IsPastDue = false }, null, token);

        var runs = await Tables.AllAsync(azurite, app.Prefix, "assessmentRuns");
        Assert.Equal(["2026", "2026-12", "2026-Q4"], runs.Select(r => r.PartitionKey).Order(StringComparer.Ordinal));
        Assert.All(runs, run => Assert.Equal("completed", run.GetString("Status")));
        var listed = (await client.GetFromJsonAsync<JsonArray>("/api/reports", token))!.Select(item => (string)item!["path"]!).ToList();
        foreach (var folder in new[] { "monthly/2026-12", "quarterly/2026-Q4", "annual/2026" })
        {
            Assert.Equal(12, listed.Count(path => path.StartsWith(folder + "/", StringComparison.Ordinal)));
            using var page = await client.GetAsync($"/api/reports/{folder}/assessment.html", token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // The quarter's result, as the timer published it, holds the same figures as an HTTP run of the same quarter.
        var byTimer = (await client.GetFromJsonAsync<JsonObject>("/api/assessments/2026-Q4", token))!;
        Assert.Equal(("2026-Q4", "quarterly", false, "2026-Q3"),
            ((string)byTimer["period"]!, (string)byTimer["kind"]!, (bool)byTimer["provisional"]!, (string)byTimer["comparedWith"]!));
        Assert.True((long)byTimer["inputs"]!["sales"]! > 0);
        var published = JsonNode.Parse(await client.GetStringAsync("/api/reports/quarterly/2026-Q4/assessment.json", token))!;
        Assert.Equal((string)byTimer["runId"]!, (string)published["runId"]!);
        using var run = await client.PostAsync("/api/assessments/2026-Q4", null, token);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var byHttp = JsonNode.Parse(await run.Content.ReadAsStringAsync(token))!.AsObject();
        Assert.NotEqual((string)byTimer["runId"]!, (string)byHttp["runId"]!);
        Assert.Equal(WithoutRun(byTimer), WithoutRun(byHttp));

        // One assessment.published per run, shorter periods first; the quarter's says it is quarterly.
        Assert.Equal([("2026-12", "monthly"), ("2026-Q4", "quarterly"), ("2026", "annual"), ("2026-Q4", "quarterly")],
            sender.Sent.Select(m => ((string)m.ApplicationProperties["period"], (string)m.ApplicationProperties["kind"])).ToList());
        var quarter = sender.Sent[1];
        Assert.Equal((string)byTimer["runId"]!, quarter.MessageId);
        var body = JsonNode.Parse(quarter.Body.ToString())!;
        Assert.Equal(("2026-Q4", "quarterly"), ((string)body["period"]!, (string)body["kind"]!));
        Assert.Contains("quarterly/2026-Q4/assessment.html", body["reports"]!.AsArray().Select(r => (string)r!));
    }

    // A result without what differs between two runs of the same records: the run id and when it was generated.
    private static string WithoutRun(JsonObject result)
    {
        var copy = result.DeepClone().AsObject();
        copy.Remove("runId");
        copy.Remove("generatedAt");
        return copy.ToJsonString();
    }
}
