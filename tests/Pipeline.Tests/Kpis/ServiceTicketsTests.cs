using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The service tickets family on small tables worked out by hand.</summary>
public sealed class ServiceTicketsTests
{
    [Fact]
    public void Tickets_responded_within_24_hours_are_timely_and_only_checked_tickets_count_for_quality()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 0 });
        engine.Add(new ServiceTicket("T1", At("2026-11-03T09:00:00+08:00"), "repair", null, "service", null, At("2026-11-04T09:00:00+08:00"), null, "pass")); // 24 h: timely
        engine.Add(new ServiceTicket("T2", At("2026-11-03T09:00:00+08:00"), "repair", null, "service", null, At("2026-11-04T15:00:00+08:00"), null, "fail")); // 30 h
        engine.Add(new ServiceTicket("T3", At("2026-11-03T09:00:00+08:00"), "install", null, "service", null, null, null, null)); // no response, not checked
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, ServiceTicketsFamily.ServiceTimelyResponseRate)));
        Assert.Equal((1L, 2L), Pair(Kpi<CountRateValue>(engine, ServiceTicketsFamily.ServiceQualityPassRate)));
    }

    [Fact]
    public void Completion_hours_are_the_median_and_p90_of_tickets_completed_before_the_cut_off()
    {
        var engine = Engine("2026-11");
        engine.Add(new ServiceTicket("T1", At("2026-11-03T09:00:00+08:00"), "repair", null, "service", null, null, At("2026-11-03T19:00:00+08:00"), null)); // 10 h
        engine.Add(new ServiceTicket("T2", At("2026-11-05T09:00:00+08:00"), "repair", null, "service", null, null, At("2026-11-06T09:00:00+08:00"), null)); // 24 h
        engine.Add(new ServiceTicket("T3", At("2026-11-28T09:00:00+08:00"), "repair", null, "service", null, null, At("2026-12-01T01:00:00+08:00"), null)); // after the cut-off
        engine.Add(new ServiceTicket("T4", At("2026-11-28T09:00:00+08:00"), "install", null, "service", null, null, null, null));
        var hours = Kpi<HoursValue>(engine, ServiceTicketsFamily.ServiceCompletionHours);
        // PERCENTILE.INC of {10, 24}: median 17; p90 at h = 0.9 → 10 + 0.9 · 14 = 22.6.
        Assert.Equal((17.0, 2L), (hours.Value!.Value, hours.N));
        Assert.Equal(22.6, hours.P90!.Value, 12);
    }
}
