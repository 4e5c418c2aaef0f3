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
    public static double? Score(IReadOnlyList<ScorecardEntry> entries, IReadOnlyDictionary<string, KpiValue> kpis) =>
        Score(Explain(entries, kpis));

    /// <summary>
    /// How the score is made (CONTRACT §3): one line per configured KPI in configuration order, with its value, points
    /// and applied weight = weight ÷ Σ weights of the lines with a value (0, and no points, where the value is null).
    /// </summary>
    public static IReadOnlyList<ScorecardLine> Explain(IReadOnlyList<ScorecardEntry> entries, IReadOnlyDictionary<string, KpiValue> kpis)
    {
        double? ValueOf(ScorecardEntry entry) =>
            kpis.TryGetValue(entry.Kpi, out var kpi) && kpi.Number is { } value && double.IsFinite(value) ? value : null;

        // Weights are summed as the decimals they are written as (0.4 + 0.15 + … = 1 exactly, not 1.0000000000000002), so an
        // applied weight reads as configured: 0.4, not 0.3999999999999999.
        var weights = WeightSum(entries.Where(e => ValueOf(e) is not null).Select(e => e.Weight));
        return entries.Select(entry =>
        {
            var value = ValueOf(entry);
            return new ScorecardLine(entry.Kpi, entry.Weight, entry.Goal, entry.LowerIsBetter ? "lower" : "higher", value,
                value is { } v ? Points(entry, v) : null, value is null || weights <= 0 ? 0 : (double)((decimal)entry.Weight / weights));
        }).ToList();
    }

    /// <summary>
    /// The score of an explained scorecard, Σ points × applied weight, computed as Σ(weight · points) ÷ Σ weights with one
    /// division at the end: the same number, without the rounding of each applied weight (so 100 points on every line is
    /// exactly 100, and a score exactly on a grade threshold stays on it). Null when no line has a value.
    /// </summary>
    public static double? Score(IReadOnlyList<ScorecardLine> lines)
    {
        var scored = lines.Where(l => l.Points is not null).ToList();
        return scored.Count == 0 ? null : scored.Sum(l => l.Weight * l.Points!.Value) / (double)WeightSum(scored.Select(l => l.Weight));
    }

    // Σ weights as decimals: each weight as written in the settings (a double converts to the decimal of its shortest
    // round-trip form's 15 significant digits), summed exactly.
    private static decimal WeightSum(IEnumerable<double> weights) => weights.Sum(w => (decimal)w);

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

/// <summary>One line of a scope's scorecard: how one KPI added to the score.</summary>
/// <param name="Kpi">The KPI.</param>
/// <param name="Weight">Its configured weight.</param>
/// <param name="Goal">The value that earns full points.</param>
/// <param name="Direction"><c>higher</c> or <c>lower</c> is better.</param>
/// <param name="Value">The scope's value; null when it has none (the line then drops out).</param>
/// <param name="Points">Points 0–100; null with the value.</param>
/// <param name="AppliedWeight">Weight ÷ Σ weights of the lines with a value; 0 where the value is null.</param>
public sealed record ScorecardLine(string Kpi, double Weight, double Goal, string Direction, double? Value, double? Points, double AppliedWeight);

/// <summary>A named best performer of the period (CONTRACT §3, awards).</summary>
/// <param name="Award"><c>bestEmployee</c> or <c>bestDepartment</c>.</param>
/// <param name="Department">For <c>bestEmployee</c>: the department the employee is first in.</param>
/// <param name="Id">The employee's or the department's id.</param>
/// <param name="Score">The score that earned it.</param>
public sealed record AwardEntry(
    string Award,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Department,
    string Id,
    double Score);
