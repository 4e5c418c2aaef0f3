using Pipeline.Kpis;

namespace Pipeline.Assessment;

/// <summary>Alerts: a KPI below its floor (or above its ceiling, for lower-is-better KPIs), with the records behind it.</summary>
public static class Alerts
{
    /// <summary>Every alert of every scope, in scope order then threshold order.</summary>
    public static IReadOnlyList<Alert> Find(IEnumerable<ScopeFigures> figures, AssessmentSettings settings)
    {
        var alerts = new List<Alert>();
        foreach (var scope in figures)
        {
            foreach (var (kpi, threshold) in settings.AlertThresholds)
            {
                if (!scope.Kpis.TryGetValue(kpi, out var value) || value.Number is not { } number)
                {
                    continue;
                }

                var lowerIsBetter = KpiNames.LowerIsBetter.Contains(kpi);
                if (lowerIsBetter ? number <= threshold : number >= threshold)
                {
                    continue;
                }

                alerts.Add(new Alert(scope.Key.KindName, scope.Key.Id, kpi, number, threshold, lowerIsBetter ? "above" : "below",
                    RecordsBehind(kpi, scope.Accumulator)) { SmallSample = value.SmallSample });
            }
        }

        return alerts;
    }

    private static IReadOnlyList<string> RecordsBehind(string kpi, ScopeAccumulator accumulator) => kpi switch
    {
        KpiNames.ComplaintResolutionRate or KpiNames.ComplaintResolutionHours => accumulator.UnresolvedComplaints,
        KpiNames.ComplaintTimelyResponseRate => accumulator.LateComplaints,
        KpiNames.SatisfactionIndex => accumulator.LowestResponses.Select(r => r.Id).ToList(),
        KpiNames.ExpenseControlRate => accumulator.LargestExpenses.Select(e => e.Id).ToList(),
        _ => [],
    };
}
