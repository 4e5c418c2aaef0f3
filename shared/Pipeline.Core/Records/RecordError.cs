namespace Pipeline.Records;

/// <summary>Why one record was rejected: where it was, which field, and what to change.</summary>
/// <param name="Index">0-based position of the record in the body.</param>
/// <param name="Line">1-based line where the record starts (CSV and NDJSON only).</param>
/// <param name="Id">The record's id, when it had a readable one.</param>
/// <param name="Field">The field at fault; null when the record as a whole is.</param>
/// <param name="Message">What is wrong, in words a sender can act on.</param>
public sealed record RecordError(int Index, int? Line, string? Id, string? Field, string Message);
