using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>
/// A proportion of records (resolution, timeliness, pass, completion, CSAT) with its 95 % Wilson
/// interval; value and interval are null when no record counts.
/// </summary>
/// <param name="Numerator">Records meeting the condition.</param>
/// <param name="Denominator">Records considered.</param>
public sealed record CountRateValue(long Numerator, long Denominator) : KpiValue
{
    /// <summary>Numerator / denominator (a fraction 0–1); null when the denominator is 0.</summary>
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator;

    /// <summary>Lower bound of the 95 % Wilson score interval; null when the denominator is 0.</summary>
    public double? CiLow => Statistics.Intervals.Wilson(Numerator, Denominator)?.Low;

    /// <summary>Upper bound of the 95 % Wilson score interval; null when the denominator is 0.</summary>
    public double? CiHigh => Statistics.Intervals.Wilson(Numerator, Denominator)?.High;

    /// <summary>For an SLA rate: the SLA in hours.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SlaHours { get; init; }

    /// <summary>For an SLA rate: the clock it is counted on, <c>calendar</c> or <c>working</c> hours.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Clock { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;

    /// <inheritdoc />
    [JsonIgnore]
    public override long? Observations => Denominator;

    /// <summary>The rate as a percentage, numerator and denominator as counts, then the interval's bounds as percentages.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    /// <inheritdoc />
    [JsonIgnore]
    public override ColumnType NumberType => ColumnType.Percent;

    private static readonly IReadOnlyList<ValueColumn> Shape =
    [
        ValueColumn.Percentage,
        ValueColumn.Of<CountRateValue>(ValueColumn.Numerator, ColumnType.Integer, v => v.Numerator, "numerator"),
        ValueColumn.Of<CountRateValue>(ValueColumn.Denominator, ColumnType.Integer, v => v.Denominator, "denominator"),
        ValueColumn.Of<CountRateValue>(ValueColumn.CiLow, ColumnType.Percent, v => v.CiLow, "interval", "low"),
        ValueColumn.Of<CountRateValue>(ValueColumn.CiHigh, ColumnType.Percent, v => v.CiHigh, "interval", "high"),
    ];
}
