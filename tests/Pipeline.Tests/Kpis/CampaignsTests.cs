using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The campaigns family on small tables worked out by hand.</summary>
public sealed class CampaignsTests
{
    [Fact]
    public void Campaign_effectiveness_is_the_mean_score_of_scored_campaigns()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 0 });
        // Campaign scores: M1 100 (.4 · .8 + .3 · 1 + .3 · .5) = 77; M2 only participants 25/50 → 50; M3 no part → no score.
        engine.Add(new Campaign("M1", Day("2026-11-01"), Day("2026-11-30"), "marketing", null, 1000, 800, 100, 150, 10, 5));
        engine.Add(new Campaign("M2", Day("2026-11-03"), Day("2026-11-30"), "marketing", null, 0, 500, 50, 25, null, null));
        engine.Add(new Campaign("M3", Day("2026-11-03"), Day("2026-11-30"), "marketing", null, null, 10, null, null, null, null));
        var campaigns = Kpi<MeanValue>(engine, CampaignsFamily.CampaignEffectiveness, ScopeKind.Department, "marketing");
        Assert.Equal(2, campaigns.N);
        Assert.Equal(63.5, campaigns.Value!.Value, 12); // (77 + 50) / 2
    }
}
