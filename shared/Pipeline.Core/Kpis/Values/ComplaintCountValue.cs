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
}
