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
}
