using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Tests.Infrastructure;
using Pipeline.Time;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Triggers;

/// <summary>The scheduled assessment against Azurite: what a tick runs, once, under the lease, and how it catches up.</summary>
public sealed class ScheduledAssessmentsTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // 02:05 on 1 December in Shanghai: the 2026-12-01 02:00 occurrence (assessing 2026-11) is due.
    private static readonly DateTimeOffset JustAfterDecember = DateTimeOffset.Parse("2026-11-30T18:05:00Z", CultureInfo.InvariantCulture);

    private ScheduledAssessments Create(FakeTimeProvider clock)
    {
        var services = _app.Services;
        return new ScheduledAssessments(
            services.GetRequiredService<AssessmentPipeline>(),
            services.GetRequiredService<StorageAccount>(),
            services.GetRequiredService<RecordTables>(),
            services.GetRequiredService<IOptions<StorageOptions>>(),
            new AssessmentSchedule(AssessmentSchedule.DefaultExpression, new CompanyTimeZone("Asia/Shanghai")),
            clock,
            services.GetRequiredService<ILogger<ScheduledAssessments>>());
    }

    private async Task<TableClient> StateTableAsync() =>
        await _app.Services.GetRequiredService<RecordTables>().GetAsync(ScheduledAssessments.StateTable, Token);

    private async Task<string?> LatestRunIdAsync(HttpClient client, string period)
    {
        using var response = await client.GetAsync($"/api/assessments/{period}", Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonObject>(Token);
        return (string?)result!["runId"];
    }

    [Fact]
    public async Task A_tick_runs_the_due_month_once()
    {
        var scheduled = Create(new FakeTimeProvider(JustAfterDecember));
        using var client = _app.CreateClient();
        Assert.Null(await LatestRunIdAsync(client, "2026-11"));

        var first = await scheduled.TickAsync(Token);

        var runId = Assert.Single(first);
        Assert.Equal(runId, await LatestRunIdAsync(client, "2026-11"));
        var state = await (await StateTableAsync()).GetEntityAsync<TableEntity>("assessment", "state", cancellationToken: Token);
        Assert.Equal("2026-12-01T02:00:00", state.Value.GetString("LastCompleted"));

        Assert.Empty(await scheduled.TickAsync(Token));
        Assert.Equal(runId, await LatestRunIdAsync(client, "2026-11"));
    }

    [Fact]
    public async Task Two_instances_ticking_together_run_the_occurrence_once()
    {
        var one = Create(new FakeTimeProvider(JustAfterDecember));
        var other = Create(new FakeTimeProvider(JustAfterDecember));

        var ticks = await Task.WhenAll(one.TickAsync(Token), other.TickAsync(Token));

        var runId = Assert.Single(ticks.SelectMany(t => t));
        using var client = _app.CreateClient();
        Assert.Equal(runId, await LatestRunIdAsync(client, "2026-11"));
    }

    [Fact]
    public async Task A_tick_catches_up_every_occurrence_after_the_stored_one_oldest_first()
    {
        var table = await StateTableAsync();
        await table.AddEntityAsync(new TableEntity("assessment", "state") { ["LastCompleted"] = "2026-10-01T02:00:00" }, Token);
        // 08:00 on 1 December local: both the 2026-11-01 and the 2026-12-01 02:00 occurrences are due.
        var scheduled = Create(new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T08:00:00+08:00", CultureInfo.InvariantCulture)));

        var runIds = await scheduled.TickAsync(Token);

        Assert.Equal(2, runIds.Count);
        using var client = _app.CreateClient();
        Assert.Null(await LatestRunIdAsync(client, "2026-09"));
        Assert.Equal(runIds[0], await LatestRunIdAsync(client, "2026-10"));
        Assert.Equal(runIds[1], await LatestRunIdAsync(client, "2026-11"));
        var state = await table.GetEntityAsync<TableEntity>("assessment", "state", cancellationToken: Token);
        Assert.Equal("2026-12-01T02:00:00", state.Value.GetString("LastCompleted"));
    }

    [Fact]
    public async Task A_tick_while_another_instance_holds_the_lease_runs_nothing()
    {
        var scheduled = Create(new FakeTimeProvider(JustAfterDecember));
        var container = _app.Services.GetRequiredService<StorageAccount>().Blobs
            .GetBlobContainerClient(_app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Name(ScheduledAssessments.ContainerName));
        await container.CreateIfNotExistsAsync(cancellationToken: Token);
        var blob = container.GetBlobClient(ScheduledAssessments.LockBlobName);
        await blob.UploadAsync(BinaryData.Empty, overwrite: true, Token);
        var held = blob.GetBlobLeaseClient();
        await held.AcquireAsync(TimeSpan.FromSeconds(60), cancellationToken: Token);

        Assert.Empty(await scheduled.TickAsync(Token));

        await held.ReleaseAsync(cancellationToken: Token);
        Assert.Single(await scheduled.TickAsync(Token));
    }
}
