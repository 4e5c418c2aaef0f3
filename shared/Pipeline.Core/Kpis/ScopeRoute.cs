namespace Pipeline.Kpis;

/// <summary>
/// The scopes one record counts toward: always the company, and its department, region and employee where it
/// has them (CONTRACT §3). A family decides the route, so attribution rules live with the KPIs they govern.
/// </summary>
/// <param name="Department">The department, or null.</param>
/// <param name="Region">The region, or null.</param>
/// <param name="Employee">The employee, or null.</param>
public readonly record struct ScopeRoute(string? Department, string? Region, string? Employee)
{
    /// <summary>The company only.</summary>
    public static ScopeRoute CompanyOnly { get; } = new(null, null, null);

    /// <summary>The scope keys, company first.</summary>
    public IEnumerable<ScopeKey> Keys()
    {
        yield return ScopeKey.Company;
        if (Department is not null)
        {
            yield return new ScopeKey(ScopeKind.Department, Department);
        }

        if (Region is not null)
        {
            yield return new ScopeKey(ScopeKind.Region, Region);
        }

        if (Employee is not null)
        {
            yield return new ScopeKey(ScopeKind.Employee, Employee);
        }
    }
}
