using System.Text.Json.Serialization;

namespace Pipeline.Kpis;

/// <summary>A count; 0 when there is no data.</summary>
/// <param name="Value">The count.</param>
public sealed record CountValue(long Value) : KpiValue
{
    /// <inheritdoc />
    [JsonIgnore]
    public override double? Number => Value;
}
