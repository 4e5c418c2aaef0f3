using Pipeline.Kpis;

namespace Pipeline.Assessment;

/// <summary>Scores, grades and ranks from the scorecard settings (CONTRACT §3, Scorecard).</summary>
public static class Scorecard
{
    /// <summary>
    /// Points of one KPI (0–100): higher is better → 100 · clamp(value / goal, 0, 1); lower is better →
    /// 100 · min(1, goal / value), and 100 when value ≤ 0.
    /// </summary>
    public static double Points(ScorecardEntry entry, double value)
    {
        if (entry.LowerIsBetter)
        {
            return value <= 0 ? 100 : 100 * Math.Min(1, entry.Goal / value);
        }

        return 100 * Math.Clamp(value / entry.Goal, 0, 1);
    }

    /// <summary>
    /// The weighted score of <paramref name="kpis"/> on <paramref name="entries"/>: KPIs without a value drop
    /// out and the remaining weights are renormalised; null when none is left.
    /// </summary>
    public static double? Score(IReadOnlyList<ScorecardEntry> entries, IReadOnlyDictionary<string, KpiValue> kpis)
    {
        double weighted = 0, weights = 0;
        foreach (var entry in entries)
        {
            if (kpis.TryGetValue(entry.Kpi, out var kpi) && kpi.Number is { } value && double.IsFinite(value))
            {
                weighted += entry.Weight * Points(entry, value);
                weights += entry.Weight;
            }
        }

        return weights > 0 ? weighted / weights : null;
    }

    /// <summary>The grade of a score.</summary>
    public static string? Grade(double? score, ScorecardSettings settings) =>
        score is not { } value ? null
        : value >= settings.GradeA ? "A"
        : value >= settings.GradeB ? "B"
        : value >= settings.GradeC ? "C"
        : "D";

    /// <summary>Ranks by score descending, ties by id ascending (ordinal); unscored ids get no rank.</summary>
    public static Dictionary<string, int> Rank(IEnumerable<(string Id, double? Score)> scored) =>
        scored.Where(s => s.Score is not null)
            .OrderByDescending(s => s.Score!.Value)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select((s, index) => (s.Id, Rank: index + 1))
            .ToDictionary(s => s.Id, s => s.Rank, StringComparer.Ordinal);
}
