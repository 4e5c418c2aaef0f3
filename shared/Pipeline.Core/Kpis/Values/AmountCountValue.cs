using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>An amount of money (company currency, exact) and how many records make it; 0 when there are none.</summary>
/// <param name="Value">The sum, in the company currency.</param>
/// <param name="Count">The records summed.</param>
public sealed record AmountCountValue(decimal Value, long Count) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => (double)Value;

    /// <summary>The sum as money, then the count of records (<c>n</c> in the CSV).</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    private static readonly IReadOnlyList<ValueColumn> Shape =
    [
        ValueColumn.Of<AmountCountValue>(ValueColumn.Value, ColumnType.Money, v => v.Value),
        ValueColumn.Of<AmountCountValue>(ValueColumn.N, ColumnType.Integer, v => v.Count, "count"),
    ];
}
