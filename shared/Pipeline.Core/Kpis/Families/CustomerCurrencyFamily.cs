using Pipeline.Records;

namespace Pipeline.Kpis.Families;

/// <summary>
/// Customer files kept current (CONTRACT §3): of the customers with at least one sale in the period, those whose file
/// was brought up to date in the period (at or after its start, before the cut-off). It reads sales but counts each
/// customer toward its file's scopes; a customer without a file counts (in the denominator) toward the company only.
/// </summary>
public sealed class CustomerCurrencyFamily : KpiFamily<Sale, string, CustomerCurrencyState>
{
    /// <summary>Trading customers whose file was updated in the period / trading customers (0–1), Wilson interval; null without sales.</summary>
    public const string CustomerFileCurrency = "customerFileCurrency";

    /// <inheritdoc />
    public override string Name => "customerFileCurrency";

    /// <inheritdoc />
    public override RecordKind<Sale> Kind => SalesFamily.Schema;

    /// <inheritdoc />
    public override int Order => 1300;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(CustomerFileCurrency, KpiFormat.PercentOfCounts, "客户档案更新率", "Customer file currency", testable: true) with
        {
            RecordsKind = RecordKinds.Customers.Name,
        },
    ];

    /// <summary>Whether the customer's file was brought up to date in the period (at or after its start, before the cut-off).</summary>
    public static bool IsCurrent(Customer? customer, FoldContext context) =>
        customer?.FileUpdatedAt is { } updated && updated >= context.Start && updated < context.CutOff;

    /// <inheritdoc />
    protected override string Prepare(Sale record, FoldContext context) => record.CustomerId;

    /// <inheritdoc />
    protected override ScopeRoute? Route(Sale record, FoldContext context) => context.CustomerRoute(record.CustomerId);
}

/// <summary>One scope's trading customers.</summary>
public sealed class CustomerCurrencyState : FamilyState<string, CustomerCurrencyState>
{
    private HashSet<string> _trading = new(StringComparer.Ordinal);

    /// <summary>Customers with a sale in the period, ordinal.</summary>
    public List<string> Trading
    {
        get => _trading.Order(StringComparer.Ordinal).ToList();
        set => _trading = new HashSet<string>(value, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override void Add(string fact, FoldContext context) => _trading.Add(fact);

    /// <inheritdoc />
    public override void Merge(CustomerCurrencyState other) => _trading.UnionWith(other._trading);

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        var current = _trading.Count(id => CustomerCurrencyFamily.IsCurrent(context.Customer(id), context));
        yield return (CustomerCurrencyFamily.CustomerFileCurrency, new CountRateValue(current, _trading.Count));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) =>
        kpi == CustomerCurrencyFamily.CustomerFileCurrency ? NotCurrent(context) : [];

    /// <summary>Trading customers whose file was not brought up to date in the period, ordinal.</summary>
    public IReadOnlyList<string> NotCurrent(FoldContext context) =>
        Trading.Where(id => !CustomerCurrencyFamily.IsCurrent(context.Customer(id), context)).ToList();
}
