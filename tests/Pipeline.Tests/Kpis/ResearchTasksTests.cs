using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The research tasks family on small tables worked out by hand.</summary>
public sealed class ResearchTasksTests
{
    [Fact]
    public void Research_counts_tasks_completed_before_the_cut_off_day()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 0 });
        engine.Add(new ResearchTask("R1", Day("2026-11-05"), null, null, null, Day("2026-11-30")));
        engine.Add(new ResearchTask("R2", Day("2026-11-20"), null, null, null, Day("2026-12-01"))); // on the cut-off day: not before it
        engine.Add(new ResearchTask("R3", Day("2026-11-25"), null, null, null, null));
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, ResearchTasksFamily.ResearchCompletionRate)));
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, ResearchTasksFamily.ResearchCompletionRate, ScopeKind.Department, "marketing")));
    }

    [Fact]
    public void Research_completed_on_the_day_after_the_period_counts_with_one_grace_day()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 1 });
        engine.Add(new ResearchTask("R2", Day("2026-11-20"), null, null, null, Day("2026-12-01")));
        engine.Add(new ResearchTask("R4", Day("2026-11-20"), null, null, null, Day("2026-12-02")));
        Assert.Equal((1L, 2L), Pair(Kpi<CountRateValue>(engine, ResearchTasksFamily.ResearchCompletionRate)));
    }
}
