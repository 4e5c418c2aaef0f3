using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>An amount of money (company currency), exact; 0 when there is no data.</summary>
/// <param name="Value">The sum, in the company currency.</param>
public sealed record AmountValue(decimal Value) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => (double)Value;

    /// <summary>The amount, as money.</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    /// <inheritdoc />
    [JsonIgnore]
    public override ColumnType NumberType => ColumnType.Money;

    private static readonly IReadOnlyList<ValueColumn> Shape = [ValueColumn.Of<AmountValue>(ValueColumn.Value, ColumnType.Money, v => v.Value)];
}
