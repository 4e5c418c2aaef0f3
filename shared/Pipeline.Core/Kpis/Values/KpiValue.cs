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

    /// <summary>
    /// The figures reports show of this shape, as columns, the main figure first. The list describes the shape, not this
    /// instance: every value of a shape has the same columns. By default, <see cref="Number"/> alone.
    /// </summary>
    [JsonIgnore]
    public virtual IReadOnlyList<ValueColumn> Columns => NumberColumn;

    /// <summary>
    /// The named values this one is made of (counts by category, balances by age, one mean per survey dimension), shown
    /// after its own columns: a row <c>{kpi}.{name}</c> each in <c>assessment.csv</c>, and their columns, headed with the
    /// name, in the workbook. None by default.
    /// </summary>
    [JsonIgnore]
    public virtual IReadOnlyList<(string Name, KpiValue Value)> Parts => [];

    /// <summary>
    /// The part named <paramref name="name"/>, or null when there is none: found in <see cref="Parts"/> by default, which a
    /// shape overrides to find a part without making the list (a report reads a part of every scope's value).
    /// </summary>
    public virtual KpiValue? Part(string name)
    {
        foreach (var part in Parts)
        {
            if (part.Name == name)
            {
                return part.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// How a report displays <see cref="Number"/> where it stands alone, as an alert's value and threshold do. By default
    /// <see cref="ColumnType.Number"/>, which shapes whose main figure is a rate, money or a count override.
    /// </summary>
    [JsonIgnore]
    public virtual ColumnType NumberType => ColumnType.Number;

    private static readonly IReadOnlyList<ValueColumn> NumberColumn = [ValueColumn.Number];

    /// <summary>This value marked as a small sample when it rests on 1 to <paramref name="minSample"/> − 1 observations.</summary>
    public virtual KpiValue MarkSmallSample(int minSample) =>
        Observations is > 0 and var n && n < minSample ? this with { SmallSample = true } : this;
}
