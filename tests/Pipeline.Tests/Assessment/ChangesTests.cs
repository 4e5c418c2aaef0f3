using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Kpis;
using static Pipeline.Tests.Assessment.Build;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Assessment;

public sealed class ChangesTests
{
    [Fact]
    public void A_change_in_a_rate_is_tested_with_the_pooled_two_proportion_z_test()
    {
        // Previous month 30 of 55 resolved, this month 45 of 60: R prop.test(c(45, 30), c(60, 55), correct = FALSE)
        // gives p = 0.0214160552232667 — significant.
        var previous = Engine("2026-10");
        var current = Engine("2026-11");
        for (var i = 0; i < 55; i++)
        {
            previous.Add(Complaint($"P{i}", "2026-10-05T09:00:00+08:00", resolvedAt: i < 30 ? "2026-10-06T09:00:00+08:00" : null));
        }

        for (var i = 0; i < 60; i++)
        {
            current.Add(Complaint($"C{i}", "2026-11-05T09:00:00+08:00", resolvedAt: i < 45 ? "2026-11-06T09:00:00+08:00" : null));
        }

        var result = current.Complete("run", At("2026-12-01T02:00:00+08:00"), previous);
        var change = result.Scopes[0].Kpis[ComplaintsFamily.ComplaintResolutionRate].Change!;
        Assert.Equal("twoProportionZ", change.Test);
        Assert.Equal(0.0214160552232667, change.PValue, 12);
        Assert.True(change.Significant);
        Assert.Equal(30.0 / 55, change.Previous!.Value, 12);
        Assert.Equal((45.0 / 60) - (30.0 / 55), change.Delta!.Value, 12);
        Assert.Equal("2026-10", result.ComparedWith);
    }

    [Fact]
    public void A_change_in_a_mean_is_tested_with_welchs_t_and_may_be_not_significant()
    {
        // Indexes from single-dimension responses (productQuality only): s → 100 (s − 1) / 4.
        // This month 5 4 4 5 3 → 100 75 75 100 50; last month 4 3 4 → 75 50 75.
        // R: t.test(c(100, 75, 75, 100, 50), c(75, 50, 75)): t = 1.06430416838038, df = 5.69472627940685, p = 0.330223182245079
        var previous = Engine("2026-10");
        var current = Engine("2026-11");
        foreach (var (score, i) in new[] { 4, 3, 4 }.Select((s, i) => (s, i)))
        {
            previous.Add(Survey($"P{i}", pq: score));
        }

        foreach (var (score, i) in new[] { 5, 4, 4, 5, 3 }.Select((s, i) => (s, i)))
        {
            current.Add(Survey($"C{i}", pq: score));
        }

        var change = current.Complete("run", At("2026-12-01T02:00:00+08:00"), previous).Scopes[0].Kpis[SurveysFamily.SatisfactionIndex].Change!;
        Assert.Equal("welchT", change.Test);
        Assert.Equal(1.06430416838038, change.Statistic, 10);
        Assert.Equal(5.69472627940685, change.DegreesOfFreedom!.Value, 9);
        Assert.Equal(0.330223182245079, change.PValue, 9);
        Assert.False(change.Significant);
    }

    [Fact]
    public void Amounts_and_untestable_figures_carry_no_change()
    {
        var previous = Engine("2026-10");
        var current = Engine("2026-11");
        previous.Add(Sale("S1", "E1", 10m, date: "2026-10-03"));
        current.Add(Sale("S2", "E1", 20m));
        var kpis = current.Complete("run", At("2026-12-01T02:00:00+08:00"), previous).Scopes[0].Kpis;
        Assert.Null(kpis[SalesFamily.SalesAmount].Change);
        Assert.Null(kpis[ComplaintsFamily.ComplaintResolutionRate].Change); // no complaints in either month
    }
}
