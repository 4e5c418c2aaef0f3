namespace Pipeline.Kpis;

/// <summary>What a scope is: the company, a department, a region or an employee.</summary>
public enum ScopeKind
{
    /// <summary>The whole company (id <c>company</c>).</summary>
    Company,

    /// <summary>A department.</summary>
    Department,

    /// <summary>A regional office.</summary>
    Region,

    /// <summary>An employee.</summary>
    Employee,
}

/// <summary>A scope a KPI is reported for.</summary>
/// <param name="Kind">Company, department, region or employee.</param>
/// <param name="Id">Its id (<c>company</c> for the company).</param>
public readonly record struct ScopeKey(ScopeKind Kind, string Id) : IComparable<ScopeKey>
{
    /// <summary>The company scope.</summary>
    public static ScopeKey Company { get; } = new(ScopeKind.Company, "company");

    /// <summary>The kind as the contract writes it: <c>company</c>, <c>department</c>, <c>region</c>, <c>employee</c>.</summary>
    public string KindName => Kind switch
    {
        ScopeKind.Company => "company",
        ScopeKind.Department => "department",
        ScopeKind.Region => "region",
        _ => "employee",
    };

    /// <summary>Parses a target's scope name.</summary>
    public static ScopeKind ParseKind(string name) => name switch
    {
        "company" => ScopeKind.Company,
        "department" => ScopeKind.Department,
        "region" => ScopeKind.Region,
        "employee" => ScopeKind.Employee,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown scope"),
    };

    /// <summary>Parses <c>{kind}:{id}</c> as <see cref="ToString"/> writes it.</summary>
    public static ScopeKey Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            throw new FormatException($"'{text}' is not a scope (kind:id)");
        }

        return new ScopeKey(ParseKind(text[..colon]), text[(colon + 1)..]);
    }

    /// <summary>Company first, then departments, regions, employees; by id (ordinal) within a kind.</summary>
    public int CompareTo(ScopeKey other)
    {
        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : string.CompareOrdinal(Id, other.Id);
    }

    /// <inheritdoc />
    public override string ToString() => $"{KindName}:{Id}";
}
