using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>
/// One KPI of one scope, as it appears in the assessment result (CONTRACT §4). Every KPI is an object;
/// a value that cannot be computed (no data, a 0 denominator) is null, never 0 or NaN.
/// </summary>
[JsonDerivedType(typeof(AmountValue))]
[JsonDerivedType(typeof(CountValue))]
[JsonDerivedType(typeof(ComplaintCountValue))]
[JsonDerivedType(typeof(VisitCountValue))]
[JsonDerivedType(typeof(AmountCountValue))]
[JsonDerivedType(typeof(OverdueValue))]
[JsonDerivedType(typeof(RateValue))]
[JsonDerivedType(typeof(CountRateValue))]
[JsonDerivedType(typeof(MeanValue))]
[JsonDerivedType(typeof(IntervalMeanValue))]
[JsonDerivedType(typeof(HoursValue))]
[JsonDerivedType(typeof(DimensionsValue))]
public abstract record KpiValue
{
    /// <summary>The single number a scorecard or an alert compares; null when there is none.</summary>
    [JsonIgnore]
    public abstract double? Number { get; }

    /// <summary>The number of observations behind the figure (null for amounts, which are not samples).</summary>
    [JsonIgnore]
    public virtual long? Observations => null;

    /// <summary>True when the figure comes from fewer than <c>Alerts:MinSample</c> observations; absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? SmallSample { get; init; }

    /// <summary>The change against the previous period of the same kind and its test; absent when it cannot be tested.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public KpiChange? Change { get; init; }

    /// <summary>This value marked as a small sample when it rests on 1 to <paramref name="minSample"/> − 1 observations.</summary>
    public virtual KpiValue MarkSmallSample(int minSample) =>
        Observations is > 0 and var n && n < minSample ? this with { SmallSample = true } : this;
}
