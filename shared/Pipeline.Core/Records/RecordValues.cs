namespace Pipeline.Records;

/// <summary>
/// The parsed, normalised fields of one record: strings trimmed, enumerations in canonical spelling,
/// static defaults applied. Absent optional fields are not present.
/// </summary>
public sealed class RecordValues : Dictionary<string, object>
{
    /// <summary>Creates an empty set of values.</summary>
    public RecordValues()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The value of <paramref name="field"/> as <typeparamref name="T"/>, or default when absent.</summary>
    public T? Get<T>(string field) => TryGetValue(field, out var value) && value is T typed ? typed : default;

    /// <summary>The value of <paramref name="field"/> when present and of type <typeparamref name="T"/>.</summary>
    public bool TryGet<T>(string field, out T value)
    {
        if (TryGetValue(field, out var boxed) && boxed is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }
}
