namespace Pipeline.Records;

/// <summary>
/// A kind of record the pipeline accepts (CONTRACT §2): its fields, the field whose date or timestamp
/// places a record in a period, the rules that span several fields, and the typed record it reads as.
/// </summary>
public abstract class RecordKind
{
    private protected RecordKind(
        string name,
        IReadOnlyList<FieldSpec> fields,
        string? anchor,
        Action<RecordValues, Action<string, string>>? rules,
        bool derivedId,
        Action<RecordValues, Action<string, string>, Time.CompanyTimeZone>? zonedRules = null)
    {
        ZonedRules = zonedRules;
        Name = name;
        Fields = fields;
        Anchor = anchor;
        Rules = rules;
        DerivedId = derivedId;
        HasUpdatedAt = fields.Any(f => f.Name == "updatedAt");
        FieldsByName = fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The kind's name, as in the route <c>/api/records/{kind}</c> and the table name.</summary>
    public string Name { get; }

    /// <summary>The fields, in contract order.</summary>
    public IReadOnlyList<FieldSpec> Fields { get; }

    /// <summary>Fields by name, matched without regard to case (exact spellings win in the parser).</summary>
    public IReadOnlyDictionary<string, FieldSpec> FieldsByName { get; }

    /// <summary>The field whose value places a record in a period; null for master data.</summary>
    public string? Anchor { get; }

    /// <summary>Whether the kind is master data (no period: employees, customers).</summary>
    public bool IsMasterData => Anchor is null;

    /// <summary>Whether the kind carries <c>updatedAt</c>, so older updates are ignored as stale.</summary>
    public bool HasUpdatedAt { get; }

    /// <summary>Whether the identity is derived from fields (targets) instead of sent as <c>id</c>.</summary>
    public bool DerivedId { get; }

    /// <summary>The CLR type of the typed record.</summary>
    public abstract Type RecordType { get; }

    /// <summary>Cross-field rules: given parsed values, report (field, message) for each violation.</summary>
    internal Action<RecordValues, Action<string, string>>? Rules { get; }

    /// <summary>Cross-field rules that need the company time zone (a local date against a timestamp).</summary>
    internal Action<RecordValues, Action<string, string>, Time.CompanyTimeZone>? ZonedRules { get; }

    /// <summary>The typed record of stored or validated values, with the schema's defaults for absent fields.</summary>
    public abstract object ReadRecord(RecordValues values);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>The values with each absent field that has a static default set to it (defaults live in the schema only).</summary>
    public RecordValues WithDefaults(RecordValues values)
    {
        foreach (var field in Fields)
        {
            if (field.Default is not null && !values.ContainsKey(field.Name))
            {
                values[field.Name] = field.Default;
            }
        }

        return values;
    }
}

/// <summary>A record kind whose records read as <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The typed record.</typeparam>
public sealed class RecordKind<T> : RecordKind
    where T : class
{
    private readonly Func<RecordValues, T> _read;

    internal RecordKind(
        string name,
        IReadOnlyList<FieldSpec> fields,
        string? anchor,
        Func<RecordValues, T> read,
        Action<RecordValues, Action<string, string>>? rules = null,
        bool derivedId = false,
        Action<RecordValues, Action<string, string>, Time.CompanyTimeZone>? zonedRules = null)
        : base(name, fields, anchor, rules, derivedId, zonedRules) => _read = read;

    /// <inheritdoc />
    public override Type RecordType => typeof(T);

    /// <summary>The typed record of stored or validated values (absent fields take the schema's defaults).</summary>
    public T Read(RecordValues values) => _read(WithDefaults(values));

    /// <inheritdoc />
    public override object ReadRecord(RecordValues values) => Read(values);
}
