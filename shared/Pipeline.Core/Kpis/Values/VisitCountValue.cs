using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>Visits, with the count of each visit type (zeros included).</summary>
/// <param name="Value">Visits in the period.</param>
/// <param name="ByType">Counts by type: routine, holiday, usageTracking, returnVisit, complaintFollowUp.</param>
public sealed record VisitCountValue(long Value, IReadOnlyDictionary<string, long> ByType) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;

    /// <summary>The count of every type.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    /// <summary>Each type's count, as a <see cref="CountValue"/>, in <see cref="ByType"/>'s order.</summary>
    [JsonIgnore]
    public override IReadOnlyList<(string Name, KpiValue Value)> Parts => [.. ByType.Select(t => (t.Key, (KpiValue)new CountValue(t.Value)))];

    /// <inheritdoc />
    public override KpiValue? Part(string name) => ByType.TryGetValue(name, out var count) ? new CountValue(count) : null;

    private static readonly IReadOnlyList<ValueColumn> Shape = [ValueColumn.Of<VisitCountValue>(ValueColumn.Value, ColumnType.Integer, v => v.Value)];
}
