using System.Text.Json.Serialization;
using Pipeline.Records;

namespace Pipeline.Ingestion;

/// <summary>The answer to an ingestion (CONTRACT §4): counts, and every rejected record with why.</summary>
/// <param name="Kind">The record kind.</param>
/// <param name="Received">Records in the body.</param>
/// <param name="Accepted">Records stored (or, when an atomic post was refused, that would have been).</param>
/// <param name="Stale">Records ignored because a newer version (<c>updatedAt</c>) is stored.</param>
/// <param name="Rejected">Records that failed validation.</param>
/// <param name="Errors">One entry per problem found (a record may have several).</param>
public sealed record IngestionResult(
    string Kind, int Received, int Accepted, int Stale, int Rejected, IReadOnlyList<IngestionError> Errors)
{
    /// <summary>Whether nothing was stored because the post was atomic and a record was invalid.</summary>
    [JsonIgnore]
    public bool RefusedAtomic { get; init; }
}

/// <summary>One problem with one record.</summary>
public sealed record IngestionError(
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Line,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field,
    string Message)
{
    internal static IngestionError From(RecordError error) => new(error.Index, error.Line, error.Id, error.Field, error.Message);
}
