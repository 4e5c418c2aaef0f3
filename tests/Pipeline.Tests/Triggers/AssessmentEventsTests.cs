using System.Net;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Infrastructure;
using Pipeline.Runs;

namespace Pipeline.Tests.Triggers;

/// <summary>
/// What is sent to Service Bus, checked with a <see cref="RecordingSender"/>: there is no Service Bus emulator here.
/// </summary>
public sealed class AssessmentEventsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_published_assessment_sends_one_message_identified_by_its_run()
    {
        var sender = new RecordingSender();
        using var app = new PipelineFactory(azurite) { TestServices = services => services.AddSingleton<ServiceBusSender>(sender) };
        using var client = app.CreateClient();
        using var run = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken);
        var result = JsonNode.Parse(await run.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        var message = Assert.Single(sender.Sent);
        Assert.Equal((string)result["runId"]!, message.MessageId);
        Assert.Equal("assessment.published", message.Subject);
        Assert.Equal(("2026-11", "monthly"), ((string)message.ApplicationProperties["period"], (string)message.ApplicationProperties["kind"]));
        var body = JsonNode.Parse(message.Body.ToString())!;
        Assert.Equal((string)result["runId"]!, (string)body["runId"]!);
        Assert.Equal(result["alerts"]!.AsArray().Count, (int)body["alerts"]!);
        Assert.Contains("monthly/2026-11/assessment.html", body["reports"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task A_failed_send_never_fails_the_assessment_and_goes_out_on_the_next_tick_with_the_same_id()
    {
        var sender = new RecordingSender { Failing = true };
        using var app = new PipelineFactory(azurite) { TestServices = services => services.AddSingleton<ServiceBusSender>(sender) };
        using var client = app.CreateClient();
        using var run = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var runId = (string)JsonNode.Parse(await run.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["runId"]!;
        Assert.Empty(sender.Sent);
        Assert.Single(await Tables.AllAsync(azurite, app.Prefix, "eventOutbox"));

        var events = app.Services.GetRequiredService<AssessmentEvents>();
        Assert.Equal(0, await events.FlushOutboxAsync(TestContext.Current.CancellationToken)); // still failing: kept
        sender.Failing = false;
        Assert.Equal(1, await events.FlushOutboxAsync(TestContext.Current.CancellationToken));

        var message = Assert.Single(sender.Sent);
        Assert.Equal(runId, message.MessageId);
        Assert.Equal("assessment.published", message.Subject);
        Assert.Empty(await Tables.AllAsync(azurite, app.Prefix, "eventOutbox"));
    }

    [Fact]
    public void With_a_namespace_set_the_sender_is_identity_based_and_targets_the_topic()
    {
        using var app = new PipelineFactory(azurite, new Dictionary<string, string?>
        {
            ["ServiceBus:FullyQualifiedNamespace"] = "contoso-pipeline.servicebus.windows.net",
            ["ServiceBus:Topic"] = "assessments",
        });
        var sender = app.Services.GetRequiredService<ServiceBusSender>();
        Assert.Equal(("contoso-pipeline.servicebus.windows.net", "assessments"), (sender.FullyQualifiedNamespace, sender.EntityPath));
    }

    [Fact]
    public async Task Without_service_bus_settings_nothing_is_sent_or_kept()
    {
        using var app = new PipelineFactory(azurite);
        Assert.Null(app.Services.GetService<ServiceBusSender>());
        using var client = app.CreateClient();
        using var run = await client.PostAsync("/api/assessments/2026-11", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Empty(await Tables.AllAsync(azurite, app.Prefix, "eventOutbox"));
    }
}
