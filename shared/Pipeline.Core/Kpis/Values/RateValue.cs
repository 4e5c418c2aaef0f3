using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>
/// A ratio of amounts (a completion or control rate): numerator / denominator as a fraction
/// (1.0 = 100 %), null when the denominator is 0 (no target).
/// </summary>
/// <param name="Numerator">The achieved amount or count.</param>
/// <param name="Denominator">The target (0 when there is none).</param>
public sealed record RateValue(decimal Numerator, decimal Denominator) : KpiValue
{
    /// <summary>Numerator / denominator, computed in double; null when the denominator is 0.</summary>
    public double? Value => Denominator == 0 ? null : (double)Numerator / (double)Denominator;

    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;
}
