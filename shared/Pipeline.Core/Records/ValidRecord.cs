using Pipeline.Time;

namespace Pipeline.Records;

/// <summary>A record that passed validation, ready to store.</summary>
/// <param name="Index">0-based position of the record in the body.</param>
/// <param name="Id">The record's identity within its kind (derived for targets).</param>
/// <param name="Period">The month its anchor falls in (company time zone); null for master data.</param>
/// <param name="Values">The normalised field values.</param>
public sealed record ValidRecord(int Index, string Id, Period? Period, RecordValues Values)
{
    /// <summary>The record's <c>updatedAt</c>, when its kind has one and it was sent.</summary>
    public DateTimeOffset? UpdatedAt => Values.TryGet<DateTimeOffset>("updatedAt", out var at) ? at : null;
}
