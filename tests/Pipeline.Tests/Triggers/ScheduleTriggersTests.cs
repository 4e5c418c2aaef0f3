using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Functions;
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

        await function.TickAsync(new TimerInfo { IsPastDue = true }, TestContext.Current.CancellationToken);
        await function.TickAsync(new TimerInfo { IsPastDue = false }, TestContext.Current.CancellationToken);

        using var client = app.CreateClient();
        using var response = await client.GetAsync("/api/assessments/2026-11", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var runs = await Tables.AllAsync(azurite, app.Prefix, "assessmentRuns");
        Assert.Equal("2026-11", Assert.Single(runs).PartitionKey);
    }
}
