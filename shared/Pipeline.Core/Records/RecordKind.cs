namespace Pipeline.Records;

/// <summary>
/// A kind of record the pipeline accepts (CONTRACT §2): its fields, the field whose date or timestamp
/// places a record in a period, and the rules that span several fields.
/// </summary>
public sealed class RecordKind
{
    internal RecordKind(
        string name,
        IReadOnlyList<FieldSpec> fields,
        string? anchor,
        Action<RecordValues, Action<string, string>>? rules = null)
    {
        Name = name;
        Fields = fields;
        Anchor = anchor;
        Rules = rules;
        HasUpdatedAt = fields.Any(f => f.Name == "updatedAt");
        FieldsByName = fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The kind's name, as in the route <c>/api/records/{kind}</c> and the table name.</summary>
    public string Name { get; }

    /// <summary>The fields, in contract order.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>Fields by name, matched without regard to case (exact spellings win in the parser).</summary>
    public IReadOnlyDictionary<string, FieldSpec> FieldsByName { get; }

    /// <summary>The field whose value places a record in a period; null for master data (employees).</summary>
    public string? Anchor { get; }

    /// <summary>Whether the kind carries <c>updatedAt</c>, so older updates are ignored as stale.</summary>
    public bool HasUpdatedAt { get; }

    /// <summary>Whether the identity is derived from fields (targets) instead of sent as <c>id</c>.</summary>
    public bool DerivedId => Name == RecordKinds.Targets.Name;

    /// <summary>Cross-field rules: given parsed values, report (field, message) for each violation.</summary>
    internal Action<RecordValues, Action<string, string>>? Rules { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
