using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

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

    /// <summary>The median hours, the 90th percentile, then the complaints counted.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    // "P90" is no report text key, so it reads the same in every language.
    private static readonly IReadOnlyList<ValueColumn> Shape =
    [
        ValueColumn.Number,
        ValueColumn.Of<HoursValue>(ValueColumn.P90, ColumnType.Number, v => v.P90, "P90"),
        ValueColumn.Observations,
    ];
}
