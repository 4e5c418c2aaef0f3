using Pipeline.Kpis;
using Pipeline.Runs;
using Pipeline.Time;
using static Pipeline.Tests.Assessment.Build;

namespace Pipeline.Tests.Runs;

/// <summary>The plan of an assessment: which partitions it reads and which period each feeds, worked out by hand for November 2026.</summary>
public sealed class AssessmentPlanTests
{
    private static readonly DateTimeOffset AsOf = At("2026-12-01T02:00:00+08:00");

    [Fact]
    public void November_reads_its_own_and_octobers_months_and_a_year_of_receivables_each_in_sixteen_buckets()
    {
        var plan = AssessmentPlan.For(Period.Parse("2026-11"), AsOf, provisional: false, new AssessmentSettings(), Shanghai);
        IEnumerable<string> MonthsOf(string kind) => plan.Partitions.Where(w => w.Kind == kind).Select(w => w.Month.ToString()).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(["2026-10", "2026-11"], MonthsOf("sales"));
        Assert.Equal(["2026-10", "2026-11"], MonthsOf("targets"));
        Assert.All(plan.Partitions.Where(w => w.Kind == "sales"), w => Assert.Equal((w.Month.ToString() == "2026-11", w.Month.ToString() == "2026-10"), (w.Current, w.Previous)));
        Assert.All(plan.Partitions.Where(w => w.Kind == "targets"), w => Assert.True(w.Current && w.Previous));

        // Receivables: November looks back to 2025-12-01 (365 days before 2026-12-01), October to 2025-11-01.
        var receivables = plan.Partitions.Where(w => w.Kind == "receivables").ToList();
        Assert.Equal(13 * 16, receivables.Count);
        Assert.All(receivables.Where(w => w.Month.ToString() == "2025-11"), w => Assert.Equal((false, true), (w.Current, w.Previous)));
        Assert.All(receivables.Where(w => w.Month.ToString() == "2026-11"), w => Assert.Equal((true, false), (w.Current, w.Previous)));
        Assert.All(receivables.Where(w => w.Month.ToString() is not ("2025-11" or "2026-11")), w => Assert.True(w.Current && w.Previous));

        // Every kind is read; keys are unique and in merge order.
        Assert.Equal(KpiCatalog.ActivityKinds.Select(k => k.Name).Append("targets").Order(StringComparer.Ordinal),
            plan.Partitions.Select(w => w.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(plan.Partitions.Count, plan.Partitions.Select(w => w.Key).Distinct().Count());
        Assert.Equal(plan.Partitions.Select(w => w.Key).Order(StringComparer.Ordinal), plan.Partitions.Select(w => w.Key));
    }

    [Fact]
    public void The_plan_depends_on_the_period_and_settings_only()
    {
        var one = AssessmentPlan.For(Period.Parse("2026-Q4"), AsOf, false, new AssessmentSettings(), Shanghai);
        var two = AssessmentPlan.For(Period.Parse("2026-Q4"), AsOf.AddHours(5), false, new AssessmentSettings(), Shanghai);
        Assert.Equal(one.Partitions, two.Partitions);
        Assert.Equal(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"],
            one.Partitions.Where(w => w.Kind == "complaints").Select(w => w.Month.ToString()).Distinct().Order(StringComparer.Ordinal));
        var graced = AssessmentPlan.For(Period.Parse("2026-11"), AsOf, false, new AssessmentSettings { GraceDays = 5 }, Shanghai);
        Assert.Contains(graced.Partitions, w => w.Kind == "receivables" && w.Month.ToString() == "2026-12" && w.Current); // due in the grace days
    }

    [Fact]
    public void A_runs_master_data_snapshot_travels_exactly()
    {
        // What every fold activity of a durable run reads instead of reading master data again (which may have changed).
        var master = new MasterData(
            [Employee("E1", "sales", "east"), Employee("E2", "service")],
            [Customer("K1", grade: "A", keeper: "E1", region: "south"), Customer("K2", complete: false)]);
        var json = System.Text.Json.JsonSerializer.Serialize(master, AssessmentStore.Json);
        var back = System.Text.Json.JsonSerializer.Deserialize<MasterData>(json, AssessmentStore.Json)!;
        Assert.Equal(master.Employees, back.Employees);
        Assert.Equal(master.Customers, back.Customers);
    }
}
