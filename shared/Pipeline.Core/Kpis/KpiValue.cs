using System.Text.Json.Serialization;
using Pipeline.Statistics;

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

/// <summary>An amount of money (company currency), exact; 0 when there is no data.</summary>
/// <param name="Value">The sum, in the company currency.</param>
public sealed record AmountValue(decimal Value) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => (double)Value;
}

/// <summary>A count; 0 when there is no data.</summary>
/// <param name="Value">The count.</param>
public sealed record CountValue(long Value) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;
}

/// <summary>Complaints received, with the count of each category.</summary>
/// <param name="Value">Complaints received in the period.</param>
/// <param name="ByCategory">Counts by category: <c>quality</c> and <c>service</c>.</param>
public sealed record ComplaintCountValue(long Value, IReadOnlyDictionary<string, long> ByCategory) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;
}

/// <summary>Visits, with the count of each visit type (zeros included).</summary>
/// <param name="Value">Visits in the period.</param>
/// <param name="ByType">Counts by type: routine, holiday, usageTracking, returnVisit, complaintFollowUp.</param>
public sealed record VisitCountValue(long Value, IReadOnlyDictionary<string, long> ByType) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;
}

/// <summary>An amount of money (company currency, exact) and how many records make it; 0 when there are none.</summary>
/// <param name="Value">The sum, in the company currency.</param>
/// <param name="Count">The records summed.</param>
public sealed record AmountCountValue(decimal Value, long Count) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => (double)Value;
}

/// <summary>
/// A balance overdue (company currency, exact), how many receivables make it, and the balance by age bucket (days from
/// the due date to the cut-off's date: <c>1-30</c>, <c>31-90</c>, <c>91+</c>, zeros included); 0 when nothing is overdue.
/// </summary>
/// <param name="Value">Σ balance, in the company currency.</param>
/// <param name="Count">The receivables overdue.</param>
/// <param name="ByAge">Σ balance by age bucket.</param>
public sealed record OverdueValue(decimal Value, long Count, IReadOnlyDictionary<string, decimal> ByAge) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => (double)Value;
}

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

/// <summary>A mean over <see cref="N"/> observations; value null when there are none.</summary>
/// <param name="Value">The arithmetic mean, in the unit of the observations.</param>
/// <param name="N">Observations.</param>
public sealed record MeanValue(double? Value, long N) : KpiValue
{
    /// <summary>The mean of an exact series; null when it is empty.</summary>
    public static MeanValue Of(ISeries series) => new(series.Count == 0 ? null : series.Mean, series.Count);

    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;

    /// <inheritdoc />
    [JsonIgnore]
    public override long? Observations => N;
}

/// <summary>A mean with its 95 % interval (Student t for means, normal for NPS); interval null when n &lt; 2 (means).</summary>
/// <param name="Value">The mean (or score).</param>
/// <param name="N">Observations.</param>
/// <param name="CiLow">Lower bound of the 95 % interval.</param>
/// <param name="CiHigh">Upper bound of the 95 % interval.</param>
public sealed record IntervalMeanValue(double? Value, long N, double? CiLow, double? CiHigh) : KpiValue
{
    /// <summary>The mean of an exact series with its 95 % Student t interval (n − 1 degrees of freedom; none below n = 2).</summary>
    public static IntervalMeanValue StudentT(ISeries series)
    {
        if (series.Count == 0)
        {
            return new IntervalMeanValue(null, 0, null, null);
        }

        var interval = Intervals.StudentT(series.Mean, series.StandardDeviation, series.Count);
        return new IntervalMeanValue(series.Mean, series.Count, interval?.Low, interval?.High);
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;

    /// <inheritdoc />
    [JsonIgnore]
    public override long? Observations => N;
}

/// <summary>Resolution time in calendar hours: the median as value, the 90th percentile, and n (PERCENTILE.INC).</summary>
/// <param name="Value">Median hours from receipt to resolution; null when nothing was resolved.</param>
/// <param name="P90">90th percentile of those hours.</param>
/// <param name="N">Complaints counted as resolved.</param>
public sealed record HoursValue(double? Value, double? P90, long N) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;

    /// <inheritdoc />
    [JsonIgnore]
    public override long? Observations => N;
}

/// <summary>The mean score (1–5) of each survey dimension over periodic surveys.</summary>
/// <param name="ProductQuality">Product quality.</param>
/// <param name="ServiceQuality">Service quality.</param>
/// <param name="Price">Price.</param>
/// <param name="Credit">The company's credit.</param>
public sealed record DimensionsValue(MeanValue ProductQuality, MeanValue ServiceQuality, MeanValue Price, MeanValue Credit) : KpiValue
{
    /// <summary>No single number: a scorecard cannot use it.</summary>
    [JsonIgnore]
    public override double? Number => null;

    /// <summary>Each dimension's mean in <c>productQuality, serviceQuality, price, credit</c> order.</summary>
    [JsonIgnore]
    public IReadOnlyList<(string Dimension, MeanValue Mean)> All =>
        [("productQuality", ProductQuality), ("serviceQuality", ServiceQuality), ("price", Price), ("credit", Credit)];

    /// <summary>Marks each dimension's mean on its own.</summary>
    public override KpiValue MarkSmallSample(int minSample) => this with
    {
        ProductQuality = (MeanValue)ProductQuality.MarkSmallSample(minSample),
        ServiceQuality = (MeanValue)ServiceQuality.MarkSmallSample(minSample),
        Price = (MeanValue)Price.MarkSmallSample(minSample),
        Credit = (MeanValue)Credit.MarkSmallSample(minSample),
    };
}

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
