using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The inquiries family on small tables worked out by hand.</summary>
public sealed class InquiriesTests
{
    [Fact]
    public void Inquiries_answered_within_four_hours_are_timely_and_no_reply_is_late()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 0 });
        engine.Add(new Inquiry("Q1", At("2026-11-03T09:00:00+08:00"), null, "service", null, At("2026-11-03T13:00:00+08:00"))); // 4 h
        engine.Add(new Inquiry("Q2", At("2026-11-03T09:00:00+08:00"), null, "service", null, At("2026-11-03T13:00:01+08:00"))); // late
        engine.Add(new Inquiry("Q3", At("2026-11-03T09:00:00+08:00"), null, "service", null, null)); // no reply: late
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, InquiriesFamily.InquiryTimelyReplyRate)));
    }
}
