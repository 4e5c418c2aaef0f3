using System.Collections.Concurrent;
using Pipeline.Runs;

namespace Pipeline.Tests.Durable;

/// <summary>The orchestrator's logic in memory, over activities that record their calls.</summary>
public sealed class AssessmentOrchestrationTests
{
    private static readonly AssessmentPlan Plan = new(Pipeline.Time.Period.Parse("2026-11"), DateTimeOffset.Parse("2027-03-01T04:00:00Z", System.Globalization.CultureInfo.InvariantCulture), false,
    [
        new PartitionWork("complaints", Pipeline.Time.Period.Parse("2026-11"), "2026-11~00", true, false),
        new PartitionWork("complaints", Pipeline.Time.Period.Parse("2026-11"), "2026-11~01", true, false),
        new PartitionWork("sales", Pipeline.Time.Period.Parse("2026-10"), "2026-10~00", false, true),
    ]);

    [Fact]
    public async Task Every_partition_is_folded_once_with_the_plan_header_then_the_run_is_published()
    {
        var activities = new Recording(failing: null);
        await AssessmentOrchestration.RunAsync(new OrchestrationInput("r1", Plan, Plan.AsOf), activities);

        Assert.Equal(Plan.Partitions.Select(p => p.Key).Order(StringComparer.Ordinal), activities.Folded.Select(f => f.Work.Key).Order(StringComparer.Ordinal));
        Assert.All(activities.Folded, f => Assert.Empty(f.Plan.Partitions));
        Assert.All(activities.Folded, f => Assert.Equal((Plan.Period, Plan.AsOf, Plan.Provisional), (f.Plan.Period, f.Plan.AsOf, f.Plan.Provisional)));
        var published = Assert.Single(activities.Published);
        Assert.Same(Plan, published.Plan);
        Assert.Empty(activities.Failed);
    }

    [Fact]
    public async Task A_failed_fold_fails_the_run_with_its_error_and_nothing_is_published()
    {
        var activities = new Recording(failing: "complaints/2026-11~01");
        await Assert.ThrowsAsync<InvalidOperationException>(() => AssessmentOrchestration.RunAsync(new OrchestrationInput("r2", Plan, Plan.AsOf), activities));

        Assert.Empty(activities.Published);
        var failed = Assert.Single(activities.Failed);
        Assert.Equal(("r2", "2026-11"), (failed.RunId, failed.Period.ToString()));
        Assert.Contains("no such partition", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folds_done_before_the_deadline_cancel_its_timer_and_publish()
    {
        var activities = new Recording(failing: null);
        await AssessmentOrchestration.RunAsync(new OrchestrationInput("r3", Plan, Plan.AsOf, TimeSpan.FromMinutes(120)), activities);

        Assert.Single(activities.Published);
        Assert.Empty(activities.Failed);
        var timer = Assert.Single(activities.Timers);
        Assert.Equal(activities.CurrentUtcDateTime.AddMinutes(120), timer.FireAt);
        Assert.True(timer.Token.IsCancellationRequested, "an orchestration ends only when its timers are done or cancelled");
    }

    [Fact]
    public async Task Folds_still_running_at_the_deadline_fail_the_run_and_nothing_is_published()
    {
        var activities = new Recording(failing: null) { Stuck = "complaints/2026-11~01", DeadlinePassed = true };
        await Assert.ThrowsAsync<TimeoutException>(() => AssessmentOrchestration.RunAsync(new OrchestrationInput("r4", Plan, Plan.AsOf, TimeSpan.FromMinutes(120)), activities));

        Assert.Empty(activities.Published);
        var failed = Assert.Single(activities.Failed);
        Assert.Equal(("r4", "2026-11"), (failed.RunId, failed.Period.ToString()));
        Assert.Contains("did not fold its 3 partitions by 2026-12-02T11:00:00Z (120 minutes after its orchestration started", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partitions_go_to_activities_in_consecutive_batches_of_the_set_size()
    {
        var activities = new Recording(failing: null);
        await AssessmentOrchestration.RunAsync(new OrchestrationInput("r5", Plan, Plan.AsOf, PartitionsPerActivity: 2), activities);

        var batches = activities.Batches.Select(b => b.Works.Select(w => w.Key).ToList()).OrderBy(b => b[0], StringComparer.Ordinal).ToList();
        Assert.Equal([["complaints/2026-11~00", "complaints/2026-11~01"], ["sales/2026-10~00"]], batches);
        Assert.All(activities.Batches, b => Assert.Empty(b.Plan.Partitions));
        Assert.Single(activities.Published);
    }

    private sealed class Recording(string? failing) : IAssessmentActivities
    {
        private readonly TaskCompletionSource _never = new();

        public string? Stuck { get; init; }

        public DateTime CurrentUtcDateTime { get; } = new(2026, 12, 2, 9, 0, 0, DateTimeKind.Utc);

        public bool DeadlinePassed { get; init; }

        public ConcurrentBag<(DateTime FireAt, CancellationToken Token)> Timers { get; } = [];

        public Task DelayUntilAsync(DateTime fireAt, CancellationToken cancellationToken)
        {
            Timers.Add((fireAt, cancellationToken));
            return DeadlinePassed ? Task.CompletedTask : Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public ConcurrentBag<DurableFolds.FoldInput> Folded { get; } = [];

        public ConcurrentBag<DurableFolds.PublishInput> Published { get; } = [];

        public ConcurrentBag<DurableFolds.FailInput> Failed { get; } = [];

        public ConcurrentBag<DurableFolds.FoldBatch> Batches { get; } = [];

        public async Task<IReadOnlyList<string>> FoldPartitionsAsync(DurableFolds.FoldBatch batch)
        {
            Batches.Add(batch);
            var names = new List<string>();
            foreach (var work in batch.Works)
            {
                await Task.Yield();
                var input = new DurableFolds.FoldInput(batch.RunId, batch.Plan, work);
                Folded.Add(input);
                if (input.Work.Key == Stuck)
                {
                    await _never.Task; // an activity lost with its instance
                }

                names.Add(input.Work.Key == failing ? throw new InvalidOperationException("no such partition") : DurableFolds.PartName(input.RunId, input.Work));
            }

            return names;
        }

        public Task PublishAsync(DurableFolds.PublishInput input)
        {
            Published.Add(input);
            return Task.CompletedTask;
        }

        public Task FailAsync(DurableFolds.FailInput input)
        {
            Failed.Add(input);
            return Task.CompletedTask;
        }
    }
}
