using Pipeline.Kpis;

namespace Pipeline.Assessment;

/// <summary>Alerts: a KPI below its floor (or above its ceiling, for lower-is-better KPIs), with the records behind it.</summary>
public static class Alerts
{
    /// <summary>Every alert, in scope order, then the KPIs' catalogue order; each lists its records in its family's stated order.</summary>
    public static IReadOnlyList<Alert> Find(IEnumerable<ScopeFigures> figures, FoldContext context)
    {
        var settings = context.Settings;
        var thresholds = KpiCatalog.Kpis
            .Where(k => settings.AlertThresholds.ContainsKey(k.Name))
            .Select(k => (Definition: k, Threshold: settings.AlertThresholds[k.Name]))
            .ToList();
        var alerts = new List<Alert>();
        foreach (var scope in figures)
        {
            foreach (var (definition, threshold) in thresholds)
            {
                if (definition.AlertScopes is { } kinds && !kinds.Contains(scope.Key.Kind))
                {
                    continue;
                }

                if (!scope.Kpis.TryGetValue(definition.Name, out var value) || value.Number is not { } number)
                {
                    continue;
                }

                var lowerIsBetter = definition.Direction == Direction.Lower;
                if (lowerIsBetter ? number <= threshold : number >= threshold)
                {
                    continue;
                }

                alerts.Add(new Alert(scope.Key.KindName, scope.Key.Id, definition.Name, number, threshold, lowerIsBetter ? "above" : "below",
                    scope.StateOf(definition.Name).RecordsBehind(definition.Name, scope.Key, context)) { SmallSample = value.SmallSample });
            }
        }

        return alerts;
    }
}
