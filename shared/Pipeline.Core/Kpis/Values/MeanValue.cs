using System.Text.Json.Serialization;
using Pipeline.Statistics;

namespace Pipeline.Kpis;

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

    /// <summary>The mean, then the observations.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    private static readonly IReadOnlyList<ValueColumn> Shape = [ValueColumn.Number, ValueColumn.Observations];
}
