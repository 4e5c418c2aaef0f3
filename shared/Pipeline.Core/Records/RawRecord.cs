namespace Pipeline.Records;

/// <summary>
/// One record as it arrived, before validation: field name → text (JSON numbers and booleans as their
/// literal text, CSV cells as written). A null text is an explicit JSON null; <see cref="NotScalar"/>
/// marks a JSON object or array where a single value was expected.
/// </summary>
/// <param name="Index">0-based position of the record in the body.</param>
/// <param name="Line">1-based line where the record starts (CSV and NDJSON); null for JSON.</param>
/// <param name="Fields">The fields as sent.</param>
public sealed record RawRecord(int Index, int? Line, IReadOnlyDictionary<string, string?> Fields)
{
    /// <summary>The text standing for a JSON object or array given as a field value.</summary>
    public const string NotScalar = "\u0000object";

    /// <summary>Set when the record itself could not be read (e.g. an NDJSON line that is not JSON).</summary>
    public string? ReadError { get; init; }
}
