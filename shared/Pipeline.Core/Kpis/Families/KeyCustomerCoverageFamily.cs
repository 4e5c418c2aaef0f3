using Pipeline.Records;

namespace Pipeline.Kpis.Families;

/// <summary>
/// Key-customer visit coverage (CONTRACT §3): active key customers (grade A or B) visited at least once in the
/// period, by anyone, over active key customers. It reads visits but counts each customer toward its file's scopes
/// (the keeper, the keeper's department, the file's region), so the share is of the customers each scope keeps. An
/// alert lists the key customers not visited.
/// </summary>
public sealed class KeyCustomerCoverageFamily : KpiFamily<Visit, string, KeyCustomerCoverageState>
{
    /// <summary>Active key customers visited in the period / active key customers (0–1), Wilson interval; null without key customers.</summary>
    public const string KeyCustomerCoverage = "keyCustomerCoverage";

    /// <inheritdoc />
    public override string Name => "keyCustomerCoverage";

    /// <inheritdoc />
    public override RecordKind<Visit> Kind => VisitsFamily.Schema;

    /// <inheritdoc />
    public override int Order => 1200;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(KeyCustomerCoverage, KpiFormat.PercentOfCounts, "重点客户走访覆盖率", "Key-customer visit coverage", testable: true, alert: 0.8) with
        {
            ActionZh = "重点客户走访不足：安排对未走访的重点客户进行定期拜访。",
            ActionEn = "Key customers not visited: schedule visits to the key customers listed.",
            RecordsKind = RecordKinds.Customers.Name,
        },
    ];

    /// <inheritdoc />
    protected override string Prepare(Visit record, FoldContext context) => record.CustomerId;

    /// <inheritdoc />
    protected override ScopeRoute? Route(Visit record, FoldContext context) =>
        context.Customer(record.CustomerId) is { Active: true, IsKey: true } ? context.CustomerRoute(record.CustomerId) : null;
}

/// <summary>One scope's visited key customers.</summary>
public sealed class KeyCustomerCoverageState : FamilyState<string, KeyCustomerCoverageState>
{
    private HashSet<string> _visited = new(StringComparer.Ordinal);

    /// <summary>Key customers of the scope visited in the period, ordinal.</summary>
    public List<string> Visited
    {
        get => _visited.Order(StringComparer.Ordinal).ToList();
        set => _visited = new HashSet<string>(value, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override void Add(string fact, FoldContext context) => _visited.Add(fact);

    /// <inheritdoc />
    public override void Merge(KeyCustomerCoverageState other) => _visited.UnionWith(other._visited);

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        var (visited, keys) = Counts(scope, context);
        yield return (KeyCustomerCoverageFamily.KeyCustomerCoverage, new CountRateValue(visited, keys));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => null;

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) =>
        kpi == KeyCustomerCoverageFamily.KeyCustomerCoverage
            ? KeyCustomers(scope, context).Where(c => !_visited.Contains(c.Id)).Select(c => c.Id).ToList()
            : [];

    /// <summary>The active key customers of <paramref name="scope"/>, by id.</summary>
    public static IEnumerable<Customer> KeyCustomers(ScopeKey scope, FoldContext context) =>
        context.CustomersOf(scope).Where(c => c is { Active: true, IsKey: true });

    private (long Visited, long Keys) Counts(ScopeKey scope, FoldContext context)
    {
        long visited = 0, keys = 0;
        foreach (var customer in KeyCustomers(scope, context))
        {
            keys++;
            visited += _visited.Contains(customer.Id) ? 1 : 0;
        }

        return (visited, keys);
    }
}
