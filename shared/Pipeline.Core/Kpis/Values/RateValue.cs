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

    /// <summary>The rate as a percentage, then numerator and denominator as money.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    /// <inheritdoc />
    [JsonIgnore]
    public override ColumnType NumberType => ColumnType.Percent;

    private static readonly IReadOnlyList<ValueColumn> Shape =
    [
        ValueColumn.Percentage,
        ValueColumn.Of<RateValue>(ValueColumn.Numerator, ColumnType.Money, v => v.Numerator, "numerator"),
        ValueColumn.Of<RateValue>(ValueColumn.Denominator, ColumnType.Money, v => v.Denominator, "denominator"),
    ];
}
