namespace Pipeline.Records;

/// <summary>Builders for the fields of a record kind's schema, so each kind reads as the contract writes it.</summary>
internal static class Fields
{
    public static FieldSpec Id() => new("id", FieldType.Id, Required: true);

    public static FieldSpec Text(string name, bool required = false, int maxLength = 256, string? @default = null) =>
        new(name, FieldType.Text, required, @default) { MaxLength = maxLength };

    public static FieldSpec Enum(string name, IReadOnlyList<string> values, bool required = false, string? @default = null) =>
        new(name, FieldType.Enum, required, @default) { Values = values };

    public static FieldSpec Score(string name, int min, int max) => new(name, FieldType.Score) { Min = min, Max = max };

    public static FieldSpec Of(string name, FieldType type, bool required = false, object? @default = null) =>
        new(name, type, required, @default);

    /// <summary>A rule: <paramref name="later"/> must not be before <paramref name="earlier"/> (both timestamps).</summary>
    public static void NotBefore(RecordValues values, Action<string, string> error, string later, string earlier)
    {
        if (values.TryGet<DateTimeOffset>(later, out var after) &&
            values.TryGet<DateTimeOffset>(earlier, out var before) &&
            after < before)
        {
            error(later, $"must not be before {earlier}");
        }
    }
}
