using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Kpis.Families;
using Pipeline.Storage;
using Pipeline.Tests.Assessment;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Runs;

/// <summary>
/// An in-process run whose partitions fold in parallel and merge in the plan's order: when a partition late in the plan
/// cannot be read, the run fails with an error naming the partition, the record and the cause, never a cancellation, and
/// publishes nothing. (Which error wins when the failing fold cancels the one the merge waits for is reasoned in the
/// runner, not forced here: with real storage the failing partition is usually the one the merge reaches.)
/// </summary>
public sealed class RunnerFailureTests(AzuriteFixture azurite) : IDisposable
{
    private readonly PipelineFactory _app = new(azurite);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_partition_that_cannot_be_read_fails_the_run_with_its_own_error()
    {
        var token = TestContext.Current.CancellationToken;
        using var client = _app.CreateClient();
        await AssessmentHttpTests.PostAllAsync(client, MixedMonth.Generate(7));

        // A stored sale whose amount is not a number (written around the validation, as a damaged table would hold it), in
        // the last bucket of the month: one of the last partitions the plan reads.
        var tables = _app.Services.GetRequiredService<RecordTables>();
        var sales = await tables.ForKindAsync(SalesFamily.Schema, token);
        await sales.UpsertEntityAsync(new TableEntity(StorageKeys.PartitionOf(Pipeline.Time.Period.Parse("2026-11"), StorageKeys.Buckets - 1), "S-DAMAGED")
        {
            ["id"] = "S-DAMAGED", ["date"] = "2026-11-03", ["employeeId"] = "E1", ["customerId"] = "K1", ["product"] = "P1", ["amount"] = "twelve hundred",
        }, cancellationToken: token);

        using var run = await client.PostAsync("/api/assessments/2026-11", null, token);
        Assert.Equal(HttpStatusCode.InternalServerError, run.StatusCode);

        var runs = await tables.GetAsync("assessmentRuns", token);
        var failed = Assert.Single(runs.Query<TableEntity>(e => e.PartitionKey == "2026-11", cancellationToken: token));
        Assert.Equal("failed", failed.GetString("Status"));
        var error = failed.GetString("Error");
        Assert.True(error!.Contains("twelve hundred", StringComparison.Ordinal), error);
        Assert.Contains($"Partition sales/2026-11~{StorageKeys.Buckets - 1:D2}: the stored sales record 'S-DAMAGED' could not be read", error, StringComparison.Ordinal);
        Assert.DoesNotContain("cancel", error, StringComparison.OrdinalIgnoreCase);
        using var latest = await client.GetAsync("/api/assessments/2026-11", token);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
    }
}
