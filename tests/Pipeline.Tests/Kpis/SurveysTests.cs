using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The surveys family on small tables worked out by hand.</summary>
public sealed class SurveysTests
{
    private static AssessmentEngine SurveyEngine()
    {
        var engine = Engine();
        // Index = 100 · Σ w·(s − 1)/4 ÷ Σ w with w = .35 .35 .15 .15:
        engine.Add(Survey("V1", 5, 4, 3, 4, overall: 5, recommend: 10)); // .35·1 + .35·.75 + .15·.5 + .15·.75 = .8 → 80
        engine.Add(Survey("V2", 2, 3, overall: 3, recommend: 6)); // (.35·.25 + .35·.5) / .7 = .375 → 37.5
        engine.Add(Survey("V3", 4, 4, 4, 4, overall: 4, recommend: 8)); // .75 → 75
        engine.Add(Survey("V4", sq: 1, credit: 5, overall: 2, recommend: 0, kind: "followUp")); // (.35·0 + .15·1) / .5 = .3 → 30
        engine.Add(Survey("V5", 3, 5, 2, 3, recommend: 9)); // .175 + .35 + .0375 + .075 = .6375 → 63.75
        return engine;
    }

    [Fact]
    public void Satisfaction_index_is_the_mean_of_periodic_responses_with_a_student_t_interval()
    {
        // Periodic: 80, 37.5, 75, 63.75 → mean 64.0625.
        // R: x <- c(80, 37.5, 75, 63.75); mean(x) + c(-1, 1) * qt(0.975, 3) * sd(x) / 2
        var index = Kpi<IntervalMeanValue>(SurveyEngine(), SurveysFamily.SatisfactionIndex);
        Assert.Equal(4, index.N);
        Assert.Equal(64.0625, index.Value!.Value, 12);
        Assert.Equal(33.8809929415022, index.CiLow!.Value, 9);
        Assert.Equal(94.2440070584978, index.CiHigh!.Value, 9);
    }

    [Fact]
    public void Each_dimension_is_averaged_over_the_periodic_responses_that_answered_it()
    {
        var dimensions = Kpi<DimensionsValue>(SurveyEngine(), SurveysFamily.SatisfactionByDimension);
        Assert.Equal((3.5, 4L), (dimensions.ProductQuality.Value!.Value, dimensions.ProductQuality.N)); // 5 2 4 3
        Assert.Equal((4.0, 4L), (dimensions.ServiceQuality.Value!.Value, dimensions.ServiceQuality.N)); // 4 3 4 5 (V4 is a follow-up)
        Assert.Equal((3.0, 3L), (dimensions.Price.Value!.Value, dimensions.Price.N)); // 3 4 2
        Assert.Equal(11.0 / 3, dimensions.Credit.Value!.Value, 12); // 4 4 3
    }

    [Fact]
    public void Csat_nps_and_alpha_use_the_periodic_responses_that_answer_them()
    {
        var engine = SurveyEngine();
        // Overall ≥ 4: V1 (5), V3 (4) of the periodic V1, V2, V3 (V4 is a follow-up) → 2 / 3.
        var csat = Kpi<CountRateValue>(engine, SurveysFamily.CsatRate);
        Assert.Equal((2L, 3L), (csat.Numerator, csat.Denominator));

        // Periodic recommend: V1 10 P, V2 6 D, V3 8 –, V5 9 P (V4's 0 is a follow-up) → 100 (2 − 1) / 4 = 25;
        // p₊ = .5, p₋ = .25: margin 100 z √((.5 + .25 − .25²) / 4) = 100 · 1.959963984540054 · √.171875 = 81.25581424161614
        var nps = Kpi<IntervalMeanValue>(engine, SurveysFamily.Nps);
        Assert.Equal((25.0, 4L), (nps.Value!.Value, nps.N));
        Assert.Equal(25 - 81.25581424161614, nps.CiLow!.Value, 9);
        Assert.Equal(25 + 81.25581424161614, nps.CiHigh!.Value, 9);

        // All four answered: V1 (5 4 3 4), V3 (4 4 4 4), V5 (3 5 2 3). Item variances 1, 1/3, 1, 1/3;
        // totals 16 16 13 → variance 3; α = 4/3 · (1 − (8/3)/3) = 4/27.
        var alpha = Kpi<MeanValue>(engine, SurveysFamily.CronbachAlpha);
        Assert.Equal(3, alpha.N);
        Assert.Equal(4.0 / 27, alpha.Value!.Value, 12);

        var followUp = Kpi<MeanValue>(engine, SurveysFamily.FollowUpSatisfactionIndex);
        Assert.Equal(1, followUp.N);
        Assert.Equal(30, followUp.Value!.Value, 12);
    }

    [Fact]
    public void A_satisfaction_alert_lists_the_lowest_scoring_responses_first()
    {
        var result = SurveyEngine().Complete("run", At("2026-12-01T02:00:00+08:00"));
        var alert = result.Alerts.Single(a => a.Scope == "company" && a.Kpi == SurveysFamily.SatisfactionIndex);
        Assert.Equal(["V2", "V5", "V3", "V1"], alert.Records);
    }
}
