using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>A change against the previous period and the two-sided test of it (CONTRACT §3).</summary>
/// <param name="Previous">The previous period's value.</param>
/// <param name="Delta">This period's value minus the previous one.</param>
/// <param name="Test"><c>twoProportionZ</c> (rates) or <c>welchT</c> (means).</param>
/// <param name="Statistic">The z or t statistic.</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom (t test only).</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Significant">Whether p &lt; 0.05; only a significant change is presented as a trend.</param>
public sealed record KpiChange(
    double? Previous,
    double? Delta,
    string Test,
    double Statistic,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? DegreesOfFreedom,
    double PValue,
    bool Significant);
