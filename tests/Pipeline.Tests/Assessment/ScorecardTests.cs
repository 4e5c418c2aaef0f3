using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Kpis;
using static Pipeline.Tests.Assessment.Build;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Assessment;

public sealed class ScorecardTests
{
    [Theory]
    // Higher is better: 100 · clamp(value / goal, 0, 1)
    [InlineData(false, 1.0, 0.925, 92.5)]
    [InlineData(false, 1.0, 1.4, 100)]
    [InlineData(false, 1.0, -0.2, 0)] // returns above sales
    [InlineData(false, 85, 68, 80)]
    // Lower is better: 100 · min(1, goal / value); 100 at or below 0
    [InlineData(true, 1.0, 1.25, 80)]
    [InlineData(true, 1.0, 0.5, 100)]
    [InlineData(true, 1.0, 0, 100)]
    [InlineData(true, 1.0, -3, 100)]
    public void Points_follow_the_direction_of_the_kpi(bool lowerIsBetter, double goal, double value, double points) =>
        Assert.Equal(points, Scorecard.Points(new ScorecardEntry("k", 1, goal, lowerIsBetter), value), 12);

    [Fact]
    public void Kpis_without_a_value_drop_out_and_the_rest_are_renormalised()
    {
        var entries = ScorecardSettings.Default.Departments["sales"];
        var kpis = new Dictionary<string, KpiValue>
        {
            [SalesFamily.SalesCompletionRate] = new RateValue(925, 1000), // 92.5 points, weight .4
            [SalesFamily.NewCustomerCompletionRate] = new RateValue(3, 0), // null: drops out
            [SurveysFamily.SatisfactionIndex] = new IntervalMeanValue(null, 0, null, null), // null: drops out
            [KeyCustomerCoverageFamily.KeyCustomerCoverage] = new CountRateValue(0, 0), // null: drops out
            [CustomerFilesFamily.CustomerFileCompleteness] = new CountRateValue(3, 4), // 75 points, weight .05
            [ExpensesFamily.ExpenseControlRate] = new RateValue(1200.5m, 1000), // 100 / 1.2005 points, weight .1
        };
        // (.4 · 92.5 + .05 · 75 + .1 · 100/1.2005) / (.4 + .05 + .1)
        var expected = ((0.4 * 92.5) + (0.05 * 75) + (0.1 * 100 / 1.2005)) / 0.55;
        Assert.Equal(expected, Scorecard.Score(entries, kpis)!.Value, 12);
    }

    [Fact]
    public void No_value_left_means_no_score()
    {
        var kpis = new Dictionary<string, KpiValue> { [SalesFamily.SalesCompletionRate] = new RateValue(5, 0) };
        Assert.Null(Scorecard.Score(ScorecardSettings.Default.Departments["sales"], kpis));
    }

    [Theory]
    [InlineData(90, "A")]
    [InlineData(89.999, "B")]
    [InlineData(75, "B")]
    [InlineData(60, "C")]
    [InlineData(59.9, "D")]
    [InlineData(0, "D")]
    public void Grades_by_the_default_thresholds(double score, string grade) =>
        Assert.Equal(grade, Scorecard.Grade(score, ScorecardSettings.Default));

    [Fact]
    public void Grade_thresholds_are_configurable() =>
        Assert.Equal("A", Scorecard.Grade(85, ScorecardSettings.Default with { GradeA = 85 }));

    [Fact]
    public void Ranks_go_by_score_descending_with_ties_by_id_and_unscored_unranked()
    {
        var ranks = Scorecard.Rank([("E3", 80.0), ("E1", 92.5), ("E2", 80.0), ("E4", null), ("E10", 80.0)]);
        Assert.Equal(1, ranks["E1"]);
        Assert.Equal(2, ranks["E10"]); // "E10" < "E2" < "E3" ordinally
        Assert.Equal(3, ranks["E2"]);
        Assert.Equal(4, ranks["E3"]);
        Assert.False(ranks.ContainsKey("E4"));
    }

    [Fact]
    public void Employees_are_scored_on_their_departments_list_and_ranked_within_it()
    {
        var engine = Engine("2026-11", null,
            Employee("A1", "sales", "east"), Employee("A2", "sales", "east"), Employee("B1", "service", "east"), Employee("Z1", "legal"));
        engine.Add(Target("employee", "A1", sales: 1000));
        engine.Add(Target("employee", "A2", sales: 1000));
        engine.Add(Sale("S1", "A1", 800m)); // 80 points on the only sales KPI with a value → 80
        engine.Add(Sale("S2", "A2", 1000m)); // 100
        engine.Add(Complaint("C1", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-02T10:00:00+08:00",
            resolvedAt: "2026-11-02T12:00:00+08:00", handler: "B1"));

        var figures = engine.Figures().ToDictionary(f => f.Key.ToString());
        Assert.Equal((80.0, "B", 2), (figures["employee:A1"].Score!.Value, figures["employee:A1"].Grade!, figures["employee:A1"].Rank!.Value));
        Assert.Equal((100.0, "A", 1), (figures["employee:A2"].Score!.Value, figures["employee:A2"].Grade!, figures["employee:A2"].Rank!.Value));
        // B1: resolution 1/1 → 100 points; timely 1/1 → 100; the other service KPIs have no data and drop out → 100.
        Assert.Equal((100.0, 1), (figures["employee:B1"].Score!.Value, figures["employee:B1"].Rank!.Value));
        // A department with no scorecard, and the company and regions, are not scored.
        Assert.Null(figures["employee:Z1"].Score);
        Assert.Null(figures["department:legal"].Score);
        Assert.Null(figures["company:company"].Rank);
        Assert.Null(figures["region:east"].Score);
        // Departments are ranked among themselves: service 100 before sales (1800/0 → no target; no score).
        Assert.Equal(1, figures["department:service"].Rank);
    }

    [Fact]
    public void The_score_explains_itself_and_a_null_kpi_drops_out_with_its_weight()
    {
        // Sales list: completion .4 (goal 1), collection .15 (no value: absent), new customers .1 (null), satisfaction .15 (goal 85), coverage .05 (null),
        // file completeness .05 (goal 1), expense control .1 (goal 1, lower). Values: .925 → 92.5, 68 → 80, .75 → 75, 1.25 → 80.
        var kpis = new Dictionary<string, KpiValue>
        {
            [SalesFamily.SalesCompletionRate] = new RateValue(925, 1000),
            [SalesFamily.NewCustomerCompletionRate] = new RateValue(3, 0),
            [SurveysFamily.SatisfactionIndex] = new IntervalMeanValue(68, 40, null, null),
            [KeyCustomerCoverageFamily.KeyCustomerCoverage] = new CountRateValue(0, 0),
            [CustomerFilesFamily.CustomerFileCompleteness] = new CountRateValue(3, 4),
            [ExpensesFamily.ExpenseControlRate] = new RateValue(1250, 1000),
        };
        var lines = Scorecard.Explain(ScorecardSettings.Default.Departments["sales"], kpis);
        Assert.Equal(
            [SalesFamily.SalesCompletionRate, ReceivablesFamily.CollectionRate, SalesFamily.NewCustomerCompletionRate, SurveysFamily.SatisfactionIndex,
             KeyCustomerCoverageFamily.KeyCustomerCoverage, CustomerFilesFamily.CustomerFileCompleteness, ExpensesFamily.ExpenseControlRate],
            lines.Select(l => l.Kpi));
        // The lines with a value weigh .4 + .15 + .05 + .1 = .7: applied weights .4/.7, 0, 0, .15/.7, 0, .05/.7, .1/.7.
        Assert.Equal([0.4 / 0.7, 0, 0, 0.15 / 0.7, 0, 0.05 / 0.7, 0.1 / 0.7], lines.Select(l => l.AppliedWeight), new ToleranceComparer(1e-12));
        Assert.Equal([92.5, null, null, 80, null, 75, 80], lines.Select(l => l.Points).Select(p => p is { } v ? Math.Round(v, 9) : (double?)null));
        Assert.Equal(("lower", 1.0, 0.1), (lines[6].Direction, lines[6].Goal, lines[6].Weight));
        // Score = Σ points × applied weight = (.4·92.5 + .15·80 + .05·75 + .1·80) / .7 = 86.0714285714…
        Assert.Equal(((0.4 * 92.5) + (0.15 * 80) + (0.05 * 75) + (0.1 * 80)) / 0.7, Scorecard.Score(lines)!.Value, 12);
        Assert.Equal(Scorecard.Score(lines), Scorecard.Score(ScorecardSettings.Default.Departments["sales"], kpis));
    }

    [Fact]
    public void Applied_weights_read_as_configured_when_every_kpi_has_a_value()
    {
        // .4 + .15 + .1 + .15 + .05 + .05 + .1 is 1.0000000000000002 in binary floating point but 1 as written: the
        // applied weights are the configured weights, exactly, and 100 points everywhere is a score of exactly 100.
        var entries = ScorecardSettings.Default.Departments["sales"];
        var kpis = entries.ToDictionary(e => e.Kpi, e => (KpiValue)(e.LowerIsBetter ? new RateValue(0, 1000) : new RateValue(2000, 1000)));
        kpis[SurveysFamily.SatisfactionIndex] = new IntervalMeanValue(90, 40, null, null);
        var lines = Scorecard.Explain(entries, kpis);
        Assert.Equal(entries.Select(e => e.Weight), lines.Select(l => l.AppliedWeight));
        Assert.Equal(100.0, Scorecard.Score(lines));
    }

    [Fact]
    public void Grades_set_the_bonus_coefficient_and_grade_a_firsts_are_awarded()
    {
        var engine = Engine("2026-11", null, Employee("A1", "sales", "east"), Employee("A2", "sales", "east"), Employee("B1", "service", "east"));
        engine.Add(Target("employee", "A1", sales: 1000));
        engine.Add(Target("employee", "A2", sales: 1000));
        engine.Add(Target("department", "sales", sales: 2000));
        engine.Add(Sale("S1", "A1", 800m)); // 80: B
        engine.Add(Sale("S2", "A2", 1000m)); // 100: A, first in sales
        engine.Add(Complaint("C1", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-02T10:00:00+08:00", resolvedAt: "2026-11-02T12:00:00+08:00", handler: "B1"));

        var result = engine.Complete("run", At("2026-12-01T02:00:00+08:00"));
        var scopes = result.Scopes.ToDictionary(s => $"{s.Scope}:{s.Id}");
        Assert.Equal((1.2, 1.0), (scopes["employee:A2"].BonusCoefficient!.Value, scopes["employee:A1"].BonusCoefficient!.Value));
        Assert.Null(scopes["company:company"].BonusCoefficient);
        Assert.Null(scopes["company:company"].Scorecard);
        // sales department: 1800/2000 = 90 points → A; service department 100 → A and first among departments.
        Assert.Equal(
            [new AwardEntry("bestDepartment", null, "service", 100), new AwardEntry("bestEmployee", "sales", "A2", 100), new AwardEntry("bestEmployee", "service", "B1", 100)],
            result.Awards);

        var settings = new AssessmentSettings { BonusCoefficients = new Dictionary<string, double> { ["A"] = 1.5, ["B"] = 1, ["C"] = 0.8, ["D"] = 0 } };
        var custom = Engine("2026-11", settings, Employee("A2", "sales"));
        custom.Add(Target("employee", "A2", sales: 100));
        custom.Add(Sale("S2", "A2", 100m));
        Assert.Equal(1.5, custom.Complete("run", At("2026-12-01T02:00:00+08:00")).Scopes.Single(s => s.Id == "A2").BonusCoefficient);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
