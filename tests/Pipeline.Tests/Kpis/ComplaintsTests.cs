using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The complaints family on small tables worked out by hand.</summary>
public sealed class ComplaintsTests
{
    private static AssessmentEngine ComplaintEngine(AssessmentSettings? settings = null)
    {
        var engine = Engine("2026-11", settings, Employee("E3", "service", "east"));
        // Cut-off: 2026-12-01T00:00+08:00.
        engine.Add(Complaint("C1", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-03T09:00:00+08:00", // exactly 24 h: timely
            resolvedAt: "2026-11-04T09:00:00+08:00", handler: "E3", region: "east")); // 48 h
        engine.Add(Complaint("C2", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-03T09:00:01+08:00", // 24 h + 1 s: late
            resolvedAt: "2026-11-30T23:59:59+08:00")); // before the cut-off: 686 h 59 min 59 s
        engine.Add(Complaint("C3", "2026-11-10T10:00:00Z", "quality", // no response: late
            resolvedAt: "2026-12-01T00:00:00+08:00")); // at the cut-off, not before it: unresolved
        engine.Add(Complaint("C4", "2026-11-30T23:30:00+08:00", "quality", firstResponseAt: "2026-12-01T01:00:00+08:00", // 1.5 h
            resolvedAt: "2026-12-01T05:30:00+08:00", followUp: 2)); // after the cut-off: unresolved
        engine.Add(Complaint("C5", "2026-11-15T08:00:00-05:00", firstResponseAt: "2026-11-16T08:00:00-05:00", // 24 h
            resolvedAt: "2026-11-16T20:00:00-05:00", followUp: 5)); // 36 h
        return engine;
    }

    [Fact]
    public void Complaints_received_resolved_before_the_cut_off_and_answered_within_the_sla()
    {
        var engine = ComplaintEngine();
        var received = Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived);
        Assert.Equal((5, 2L, 3L), (received.Value, received.ByCategory["quality"], received.ByCategory["service"]));

        // Resolved: C1, C2, C5 = 3 of 5. R: prop.test(3, 5, correct = FALSE)$conf.int
        var resolution = Kpi<CountRateValue>(engine, ComplaintsFamily.ComplaintResolutionRate);
        Assert.Equal((3L, 5L, 0.6), (resolution.Numerator, resolution.Denominator, resolution.Value!.Value));
        Assert.Equal(0.230724281276013, resolution.CiLow!.Value, 12);
        Assert.Equal(0.882379225767352, resolution.CiHigh!.Value, 12);

        // Timely: C1 (24 h), C4 (1.5 h), C5 (24 h) = 3 of 5; C2 (24 h + 1 s) and C3 (none) late.
        var timely = Kpi<CountRateValue>(engine, ComplaintsFamily.ComplaintTimelyResponseRate);
        Assert.Equal((3L, 5L), (timely.Numerator, timely.Denominator));
        Assert.Equal((24.0, "calendar"), (timely.SlaHours!.Value, timely.Clock!));
    }

    [Fact]
    public void Resolution_hours_are_the_median_and_p90_of_the_resolved()
    {
        // Hours: C1 48, C2 686.99972…, C5 36 → sorted 36, 48, 686.99972; median 48;
        // p90: h = 0.9 × 2 = 1.8 → 48 + 0.8 × (686.99972 − 48) = 559.19978. R: quantile(h, c(.5, .9), type = 7)
        var hours = Kpi<HoursValue>(ComplaintEngine(), ComplaintsFamily.ComplaintResolutionHours);
        Assert.Equal(3, hours.N);
        Assert.Equal(48, hours.Value!.Value, 12);
        Assert.Equal(559.199777777778, hours.P90!.Value, 9);
    }

    [Fact]
    public void Follow_up_satisfaction_is_the_mean_of_those_given()
    {
        var mean = Kpi<MeanValue>(ComplaintEngine(), ComplaintsFamily.ComplaintFollowUpSatisfaction);
        Assert.Equal((3.5, 2L), (mean.Value!.Value, mean.N)); // (2 + 5) / 2
    }

    [Fact]
    public void Complaints_count_toward_their_handler_and_record_region_and_the_service_department()
    {
        var engine = ComplaintEngine();
        Assert.Equal(1, Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived, ScopeKind.Employee, "E3").Value);
        Assert.Equal(1, Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived, ScopeKind.Region, "east").Value);
        Assert.Equal(5, Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived, ScopeKind.Department, "service").Value);
    }

    [Fact]
    public void Grace_days_move_the_cut_off()
    {
        // With one grace day C3 (at 2026-12-01T00:00+08:00) and C4 (05:30 on 1 December) count as resolved.
        var engine = ComplaintEngine(new AssessmentSettings { GraceDays = 1 });
        Assert.Equal(5, Kpi<CountRateValue>(engine, ComplaintsFamily.ComplaintResolutionRate).Numerator);
    }

    [Fact]
    public void Alerts_list_the_unresolved_and_the_late_complaints()
    {
        var result = ComplaintEngine().Complete("run", At("2026-12-01T02:00:00+08:00"));
        var resolution = result.Alerts.Single(a => a.Scope == "company" && a.Kpi == ComplaintsFamily.ComplaintResolutionRate);
        Assert.Equal((0.6, 0.9, "below"), (resolution.Value, resolution.Threshold, resolution.Direction));
        Assert.Equal(["C3", "C4"], resolution.Records);
        var timely = result.Alerts.Single(a => a.Scope == "company" && a.Kpi == ComplaintsFamily.ComplaintTimelyResponseRate);
        Assert.Equal(["C2", "C3"], timely.Records);
        Assert.True(timely.SmallSample);
    }
}
