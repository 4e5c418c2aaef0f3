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
}
