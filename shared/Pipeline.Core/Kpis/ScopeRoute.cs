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

    /// <summary>The scope keys, company first, then department, region and employee where the route has them.</summary>
    /// <remarks>A struct enumerator: the fold walks it for every record, and an iterator allocated each time.</remarks>
    public KeyEnumerator Keys() => new(this);

    /// <summary>Walks a route's scope keys in <c>foreach</c> without allocating.</summary>
    public struct KeyEnumerator(ScopeRoute route)
    {
        private int _step;

        /// <summary>The current key.</summary>
        public ScopeKey Current { get; private set; }

        /// <summary>Itself: a <c>foreach</c> over <see cref="Keys"/> needs an enumerable.</summary>
        public readonly KeyEnumerator GetEnumerator() => this;

        /// <summary>Moves to the next key the route has.</summary>
        public bool MoveNext()
        {
            while (_step < 4)
            {
                var (kind, id) = _step++ switch
                {
                    0 => (ScopeKind.Company, ScopeKey.Company.Id),
                    1 => (ScopeKind.Department, route.Department),
                    2 => (ScopeKind.Region, route.Region),
                    _ => (ScopeKind.Employee, route.Employee),
                };
                if (id is not null)
                {
                    Current = new ScopeKey(kind, id);
                    return true;
                }
            }

            return false;
        }
    }
}
