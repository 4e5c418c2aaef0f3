using System.Text.Json.Serialization;
using Pipeline.Statistics;

namespace Pipeline.Kpis;

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

    /// <summary>The mean, the observations, then the interval's bounds.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    private static readonly IReadOnlyList<ValueColumn> Shape =
    [
        ValueColumn.Number,
        ValueColumn.Observations,
        ValueColumn.Of<IntervalMeanValue>(ValueColumn.CiLow, ColumnType.Number, v => v.CiLow, "interval", "low"),
        ValueColumn.Of<IntervalMeanValue>(ValueColumn.CiHigh, ColumnType.Number, v => v.CiHigh, "interval", "high"),
    ];
}
