using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using Pipeline.Tests.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The corrective actions family on a small table worked out by hand.</summary>
public sealed class CorrectiveActionsTests
{
    private static CorrectiveAction Action(string id, string due, string? closedAt = null, bool? effective = null, string? owner = "E1") =>
        new(id, At("2026-11-02T09:00:00+08:00"), Day(due), "service", "complaintResolutionRate", "department", "service", owner,
            closedAt is null ? null : At(closedAt), effective);

    private static AssessmentEngine Actions()
    {
        var engine = Engine("2026-11", null, Employee("E1", "service", "east"));
        engine.Add(Action("A1", "2026-11-20", "2026-11-20T23:00:00+08:00", true)); // closed on its due date (local): in time
        engine.Add(Action("A2", "2026-11-20", "2026-11-20T16:30:00Z", false)); // 00:30 on the 21st in Shanghai: late
        engine.Add(Action("A3", "2026-11-25", "2026-12-01T08:00:00+08:00", true)); // closed after the cut-off: late, not yet checked
        engine.Add(Action("A4", "2026-11-30", owner: null)); // open
        return engine;
    }

    [Fact]
    public void Closure_is_in_time_by_local_date_and_effectiveness_is_of_those_closed_before_the_cut_off()
    {
        var engine = Actions();
        Assert.Equal((1L, 4L), Pair(Kpi<CountRateValue>(engine, CorrectiveActionsFamily.CorrectiveActionClosureRate)));
        Assert.Equal((1L, 2L), Pair(Kpi<CountRateValue>(engine, CorrectiveActionsFamily.CorrectiveActionEffectiveness))); // A1 of A1, A2
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, CorrectiveActionsFamily.CorrectiveActionClosureRate, ScopeKind.Employee, "E1")));
        Assert.Equal((1L, 4L), Pair(Kpi<CountRateValue>(engine, CorrectiveActionsFamily.CorrectiveActionClosureRate, ScopeKind.Department, "service")));
        // No region: the owner's east gets nothing.
        Assert.Equal((0L, 0L), Pair(Kpi<CountRateValue>(engine, CorrectiveActionsFamily.CorrectiveActionClosureRate, ScopeKind.Region, "east")));
    }

    [Fact]
    public void An_alert_lists_the_actions_not_closed_in_time_by_due_date_and_the_detail_keeps_their_state()
    {
        var engine = Actions();
        var alert = engine.Complete("run", At("2026-12-01T02:00:00+08:00")).Alerts
            .Single(a => a is { Scope: "company", Kpi: CorrectiveActionsFamily.CorrectiveActionClosureRate });
        Assert.Equal(["A2", "A3", "A4"], alert.Records);
        var lines = engine.Detail<CorrectiveActionDetail>().Actions.Items;
        Assert.Equal(["A1", "A2", "A3", "A4"], lines.Select(l => l.Id));
        Assert.Equal((Day("2026-11-21"), false, (bool?)false), (lines[1].ClosedOn!.Value, lines[1].ClosedInTime, lines[1].Effective));
        Assert.Null(lines[2].Effective); // closed after the cut-off: its effect is not yet counted
    }

    [Theory]
    [InlineData("2026-11-02T20:00:00Z", "2026-11-02", false)] // 04:00 on the 3rd in Shanghai: due the 2nd is before it
    [InlineData("2026-11-02T20:00:00Z", "2026-11-03", true)]
    [InlineData("2026-11-03T09:00:00+08:00", "2026-11-03", true)]
    public void A_due_date_before_the_local_date_raised_is_rejected(string raisedAt, string dueDate, bool valid)
    {
        var raw = Samples.Raw(Samples.Valid("correctiveActions").With("raisedAt", raisedAt).With("dueDate", dueDate));
        var outcome = new RecordValidator(Shanghai).Validate(CorrectiveActionsFamily.Schema, raw);
        Assert.Equal(valid, outcome.Record is not null);
        if (!valid)
        {
            Assert.Equal("dueDate", Assert.Single(outcome.Errors).Field);
        }
    }
}
