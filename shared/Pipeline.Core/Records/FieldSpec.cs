namespace Pipeline.Records;

/// <summary>One field of a record kind, as CONTRACT §2 defines it.</summary>
/// <param name="Name">The field name (camelCase, as senders write it).</param>
/// <param name="Type">How the field is parsed.</param>
/// <param name="Required">Whether a record without it is rejected.</param>
/// <param name="Default">The value stored when the field is absent (a static default only; defaults that
/// depend on master data are resolved when the assessment runs).</param>
public sealed record FieldSpec(string Name, FieldType Type, bool Required = false, object? Default = null)
{
    /// <summary>For <see cref="FieldType.Enum"/>: the allowed values.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>For <see cref="FieldType.Text"/>: the longest value accepted, in characters.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>For <see cref="FieldType.Score"/>: the lowest score.</summary>
    public int Min { get; init; }

    /// <summary>For <see cref="FieldType.Score"/>: the highest score.</summary>
    public int Max { get; init; }
}
