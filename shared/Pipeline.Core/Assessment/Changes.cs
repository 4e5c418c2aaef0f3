using Pipeline.Kpis;
using Pipeline.Statistics;

namespace Pipeline.Assessment;

/// <summary>
/// Month-over-month (or year-over-year) changes of rates and means, each with its two-sided test:
/// pooled two-proportion z for rates of records, Welch's t for means (CONTRACT §3). A change is
/// attached only when it can be tested; <see cref="KpiChange.Significant"/> says whether it may be
/// presented as a trend.
/// </summary>
public static class Changes
{
    /// <summary>The scope's KPIs with a <see cref="KpiChange"/> on each testable KPI.</summary>
    public static IReadOnlyDictionary<string, KpiValue> Apply(ScopeFigures current, ScopeFigures previous)
    {
        var kpis = new Dictionary<string, KpiValue>(current.Kpis, StringComparer.Ordinal);
        foreach (var (name, value) in current.Kpis)
        {
            if (!KpiCatalog.Definition(name).Testable)
            {
                continue;
            }

            var test = (SampleOf(current, name, value), SampleOf(previous, name, previous.Kpis[name])) switch
            {
                (Proportion now, Proportion before) => SignificanceTests.TwoProportionZ(now.Successes, now.Trials, before.Successes, before.Trials),
                (Moments now, Moments before) => SignificanceTests.WelchT(now.Mean, now.Variance, now.Count, before.Mean, before.Variance, before.Count),
                _ => null,
            };
            if (test is null)
            {
                continue;
            }

            var earlier = previous.Kpis[name].Number;
            kpis[name] = value with
            {
                Change = new KpiChange(earlier, value.Number - earlier, test.Test, test.Statistic, test.DegreesOfFreedom, test.PValue, test.IsSignificant()),
            };
        }

        return kpis;
    }

    // A rate of records is its own sample; a mean's moments are kept by its family's state.
    private static Sample? SampleOf(ScopeFigures figures, string kpi, KpiValue value) =>
        value is CountRateValue rate ? new Proportion(rate.Numerator, rate.Denominator) : figures.StateOf(kpi).SampleOf(kpi);
}
