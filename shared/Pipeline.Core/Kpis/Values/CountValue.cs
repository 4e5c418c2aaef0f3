using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>A count; 0 when there is no data.</summary>
/// <param name="Value">The count.</param>
public sealed record CountValue(long Value) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;

    /// <summary>The count.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    /// <inheritdoc />
    [JsonIgnore]
    public override ColumnType NumberType => ColumnType.Integer;

    private static readonly IReadOnlyList<ValueColumn> Shape = [ValueColumn.Of<CountValue>(ValueColumn.Value, ColumnType.Integer, v => v.Value)];
}
