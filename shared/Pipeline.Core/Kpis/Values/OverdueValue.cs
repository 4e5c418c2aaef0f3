using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

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

    /// <summary>The balance as money, then the count of receivables (<c>n</c> in the CSV).</summary>
    [JsonIgnore]
    public override IReadOnlyList<ValueColumn> Columns => Shape;

    /// <summary>Each age bucket's balance, as an <see cref="AmountValue"/>, in <see cref="ByAge"/>'s order.</summary>
    [JsonIgnore]
    public override IReadOnlyList<(string Name, KpiValue Value)> Parts => [.. ByAge.Select(a => (a.Key, (KpiValue)new AmountValue(a.Value)))];

    /// <inheritdoc />
    public override KpiValue? Part(string name) => ByAge.TryGetValue(name, out var balance) ? new AmountValue(balance) : null;

    private static readonly IReadOnlyList<ValueColumn> Shape =
    [
        ValueColumn.Of<OverdueValue>(ValueColumn.Value, ColumnType.Money, v => v.Value),
        ValueColumn.Of<OverdueValue>(ValueColumn.N, ColumnType.Integer, v => v.Count, "count"),
    ];
}
