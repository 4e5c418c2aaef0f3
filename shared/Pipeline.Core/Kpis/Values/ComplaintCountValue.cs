using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>Complaints received, with the count of each category.</summary>
/// <param name="Value">Complaints received in the period.</param>
/// <param name="ByCategory">Counts by category: <c>quality</c> and <c>service</c>.</param>
public sealed record ComplaintCountValue(long Value, IReadOnlyDictionary<string, long> ByCategory) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;

    /// <summary>The count of every category.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    /// <summary>Each category's count, as a <see cref="CountValue"/>, in <see cref="ByCategory"/>'s order.</summary>
    [JsonIgnore]
    public override IReadOnlyList<(string Name, KpiValue Value)> Parts => [.. ByCategory.Select(c => (c.Key, (KpiValue)new CountValue(c.Value)))];

    /// <inheritdoc />
    public override KpiValue? Part(string name) => ByCategory.TryGetValue(name, out var count) ? new CountValue(count) : null;

    /// <inheritdoc />
    [JsonIgnore]
    public override ColumnType NumberType => ColumnType.Integer;

    private static readonly IReadOnlyList<ValueColumn> Shape = [ValueColumn.Of<ComplaintCountValue>(ValueColumn.Value, ColumnType.Integer, v => v.Value)];
}
