using Pipeline.Assessment;
using Pipeline.Kpis;

namespace Pipeline.Tests.Kpis;

/// <summary>Reading one KPI of one scope out of an engine, for the hand-worked family tests.</summary>
internal static class KpiTestKit
{
    public static IReadOnlyDictionary<string, KpiValue> Kpis(AssessmentEngine engine, ScopeKind kind, string id) =>
        engine.Figures().Single(f => f.Key == (kind == ScopeKind.Company ? ScopeKey.Company : new ScopeKey(kind, id))).Kpis;

    public static T Kpi<T>(AssessmentEngine engine, string kpi, ScopeKind kind = ScopeKind.Company, string id = "company")
        where T : KpiValue => (T)Kpis(engine, kind, id)[kpi];

    public static (long, long) Pair(CountRateValue rate) => (rate.Numerator, rate.Denominator);
}
