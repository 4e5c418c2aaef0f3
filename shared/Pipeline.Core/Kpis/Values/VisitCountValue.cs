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
}
