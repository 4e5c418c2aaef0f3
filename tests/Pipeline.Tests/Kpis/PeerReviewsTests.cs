using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using Pipeline.Tests.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The peer reviews family (coordinationScore) on small tables worked out by hand.</summary>
public sealed class PeerReviewsTests
{
    private static PeerReview Review(string id, string department, int score, string? employee = null, string reviewer = "marketing") =>
        new(id, Day("2026-11-10"), reviewer, department, employee, score);

    [Fact]
    public void Coordination_is_the_mean_score_with_a_student_t_interval()
    {
        var engine = Engine("2026-11", null, Employee("E3", "service", "east"));
        engine.Add(Review("P1", "service", 4, "E3"));
        engine.Add(Review("P2", "service", 5));
        engine.Add(Review("P3", "service", 3, "E3"));

        // mean (4 + 5 + 3) / 3 = 4, s = 1; R: qt(0.975, 2) = 4.302653 → half width 4.302653 / √3 = 2.484138.
        var service = Kpi<IntervalMeanValue>(engine, PeerReviewsFamily.CoordinationScore, ScopeKind.Department, "service");
        Assert.Equal((4.0, 3L), (service.Value!.Value, service.N));
        Assert.Equal(4 - 2.484138, service.CiLow!.Value, 6);
        Assert.Equal(4 + 2.484138, service.CiHigh!.Value, 6);
        Assert.True(service.SmallSample);

        // The reviewed employee gets P1 and P3: (4 + 3) / 2 = 3.5; the employee's region gets nothing.
        var e3 = Kpi<IntervalMeanValue>(engine, PeerReviewsFamily.CoordinationScore, ScopeKind.Employee, "E3");
        Assert.Equal((3.5, 2L), (e3.Value!.Value, e3.N));
        var east = Kpi<IntervalMeanValue>(engine, PeerReviewsFamily.CoordinationScore, ScopeKind.Region, "east");
        Assert.Equal((null, 0L), (east.Value, east.N));
        Assert.Equal(3, Kpi<IntervalMeanValue>(engine, PeerReviewsFamily.CoordinationScore).N);
    }

    [Fact]
    public void One_review_has_a_mean_but_no_interval()
    {
        var engine = Engine("2026-11");
        engine.Add(Review("P1", "marketing", 2, reviewer: "service"));
        var marketing = Kpi<IntervalMeanValue>(engine, PeerReviewsFamily.CoordinationScore, ScopeKind.Department, "marketing");
        Assert.Equal((2.0, 1L, (double?)null, (double?)null), (marketing.Value!.Value, marketing.N, marketing.CiLow, marketing.CiHigh));
    }

    [Fact]
    public void A_change_in_coordination_is_tested_with_welchs_t()
    {
        var previous = Engine("2026-10");
        var current = Engine("2026-11");
        foreach (var (score, i) in new[] { 2, 3, 2, 3 }.Select((s, i) => (s, i)))
        {
            previous.Add(Review($"O{i}", "service", score) with { Date = Day("2026-10-10") });
        }

        foreach (var (score, i) in new[] { 4, 5, 4, 5 }.Select((s, i) => (s, i)))
        {
            current.Add(Review($"N{i}", "service", score));
        }

        var change = current.Complete("run", At("2026-12-01T02:00:00+08:00"), previous).Scopes
            .Single(s => s.Id == "service").Kpis[PeerReviewsFamily.CoordinationScore].Change!;
        // Means 4.5 and 2.5, both sample variances 1/3: t = 2 / √(1/12 + 1/12) = 4.898979, Welch df = 6 (equal n and
        // variances); two-sided p for ν = 6 from the closed form 1 − sin θ (1 + cos²θ/2 + 3cos⁴θ/8), θ = atan(t/√6):
        // 0.002713682 (R: t.test(c(4,5,4,5), c(2,3,2,3)) gives the same t, df and p).
        Assert.Equal("welchT", change.Test);
        Assert.Equal(4.898979, change.Statistic, 5);
        Assert.Equal(6, change.DegreesOfFreedom!.Value, 9);
        Assert.Equal(0.002713682, change.PValue, 8);
        Assert.True(change.Significant);
    }

    [Theory]
    [InlineData("department", "marketing", "must differ from reviewerDepartment")]
    [InlineData("score", "6", "score")]
    [InlineData("score", "4.5", "score")]
    public void A_review_of_its_own_department_or_off_the_scale_is_rejected(string field, string value, string expected)
    {
        var outcome = new RecordValidator(Shanghai).Validate(PeerReviewsFamily.Schema, Samples.Raw(Samples.Valid("peerReviews").With(field, value)));
        var error = Assert.Single(outcome.Errors);
        Assert.Equal(field, error.Field);
        Assert.Contains(expected, field == "score" ? $"score {error.Message}" : error.Message, StringComparison.Ordinal);
    }
}
