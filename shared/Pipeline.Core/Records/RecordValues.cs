namespace Pipeline.Records;

/// <summary>
/// The parsed, normalised fields of one record: strings trimmed, enumerations in canonical spelling,
/// static defaults applied. Absent optional fields are not present. A value of another type than asked
/// for is a bug (a field read with the wrong type), so it throws rather than reading as absent.
/// </summary>
public sealed class RecordValues : Dictionary<string, object>
{
    /// <summary>Creates an empty set of values.</summary>
    public RecordValues()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The value of <paramref name="field"/>, or default when absent.</summary>
    /// <exception cref="InvalidCastException">The stored value is not a <typeparamref name="T"/>.</exception>
    public T? Get<T>(string field) => TryGet<T>(field, out var value) ? value : default;

    /// <summary>The value of a field the record always has (required, or with a default).</summary>
    /// <exception cref="KeyNotFoundException">The field is absent.</exception>
    /// <exception cref="InvalidCastException">The stored value is not a <typeparamref name="T"/>.</exception>
    public T Required<T>(string field) =>
        TryGet<T>(field, out var value) ? value : throw new KeyNotFoundException($"the record has no '{field}'");

    /// <summary>The value of <paramref name="field"/> when present; a value is always of the type asked for.</summary>
    /// <exception cref="InvalidCastException">The field is present with another type than <typeparamref name="T"/>.</exception>
    public bool TryGet<T>(string field, out T value)
    {
        if (!TryGetValue(field, out var boxed))
        {
            value = default!;
            return false;
        }

        if (boxed is T typed)
        {
            value = typed;
            return true;
        }

        throw new InvalidCastException($"'{field}' holds a {boxed.GetType().Name}, not a {typeof(T).Name}");
    }

    /// <summary>The value of an optional field as a nullable value type.</summary>
    /// <exception cref="InvalidCastException">The field is present with another type than <typeparamref name="T"/>.</exception>
    public T? Optional<T>(string field)
        where T : struct => TryGet<T>(field, out var value) ? value : null;
}
