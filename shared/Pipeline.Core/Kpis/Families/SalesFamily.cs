using Pipeline.Records;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A sale (a negative amount is a return).</summary>
/// <param name="Id">The sale id.</param>
/// <param name="Date">Local business date.</param>
/// <param name="EmployeeId">The salesperson.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Product">The product.</param>
/// <param name="Amount">Amount in the company currency; negative for a return.</param>
/// <param name="Region">Region; null takes the employee's when the assessment runs.</param>
/// <param name="Department">Department; null takes the employee's, else <c>sales</c>.</param>
/// <param name="GrossProfit">Gross profit, if known.</param>
/// <param name="NewProduct">Whether the product counts as new.</param>
/// <param name="NewCustomer">Whether the customer counts as new.</param>
public sealed record Sale(
    string Id, DateOnly Date, string EmployeeId, string CustomerId, string Product, decimal Amount, string? Region,
    string? Department, decimal? GrossProfit, bool NewProduct, bool NewCustomer);

/// <summary>A sale and whether its customer lacked an approved file on the sale's date (decided once, whatever the scopes).</summary>
/// <param name="Sale">The sale.</param>
/// <param name="WithoutApprovedFile">No file, no approval, or one after the end of the sale's local date.</param>
public sealed record SaleFact(Sale Sale, bool WithoutApprovedFile);

/// <summary>
/// Sales against targets (CONTRACT §3): amounts, gross profit, new-product sales and new customers, each with its
/// completion rate against the scope's target. A sale counts toward the company, its department (its own, else its
/// employee's, else <c>sales</c>), its region (its own, else its employee's) and its employee.
/// </summary>
public sealed class SalesFamily : KpiFamily<Sale, SaleFact, SalesState>
{
    /// <summary>Σ amount of sales in the period, company currency; 0 without sales.</summary>
    public const string SalesAmount = "salesAmount";

    /// <summary>salesAmount / target salesAmount (1.0 = 100 %); null without a target.</summary>
    public const string SalesCompletionRate = "salesCompletionRate";

    /// <summary>Σ grossProfit of sales, company currency.</summary>
    public const string GrossProfit = "grossProfit";

    /// <summary>grossProfit / target grossProfit; null without a target.</summary>
    public const string ProfitCompletionRate = "profitCompletionRate";

    /// <summary>Σ amount of sales of new products, company currency.</summary>
    public const string NewProductSales = "newProductSales";

    /// <summary>newProductSales / target newProductSales; null without a target.</summary>
    public const string NewProductCompletionRate = "newProductCompletionRate";

    /// <summary>Distinct customers among sales marked newCustomer (a count).</summary>
    public const string NewCustomers = "newCustomers";

    /// <summary>newCustomers / target newCustomers; null without a target.</summary>
    public const string NewCustomerCompletionRate = "newCustomerCompletionRate";

    /// <summary>
    /// Σ amount of sales whose customer has no file, or a file not approved by the end of the sale's date (company
    /// currency), with the count of those sales; counted toward the sale's own scopes.
    /// </summary>
    public const string SalesWithoutApprovedFile = "salesWithoutApprovedFile";

    /// <summary>The sales record kind.</summary>
    public static RecordKind<Sale> Schema { get; } = new(
        "sales",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("employeeId", required: true),
            Text("customerId", required: true), Text("product", required: true),
            Of("amount", FieldType.Money, required: true), Text("region"), Text("department"),
            Of("grossProfit", FieldType.Money), Of("newProduct", FieldType.Boolean, @default: false),
            Of("newCustomer", FieldType.Boolean, @default: false), Text("channel"),
        ],
        anchor: "date",
        v => new Sale(
            v.Required<string>("id"), v.Required<DateOnly>("date"), v.Required<string>("employeeId"), v.Required<string>("customerId"),
            v.Required<string>("product"), v.Required<decimal>("amount"), v.Get<string>("region"), v.Get<string>("department"),
            v.Optional<decimal>("grossProfit"), v.Required<bool>("newProduct"), v.Required<bool>("newCustomer")));

    /// <inheritdoc />
    public override RecordKind<Sale> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 100;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(SalesAmount, KpiFormat.Money, "销售额", "Sales"),
        Kpi(SalesCompletionRate, KpiFormat.Percent, "销售完成率", "Sales completion", alert: 0.8) with
        {
            ActionZh = "销售未完成计划：分析差距原因，调整营销策略与资源。",
            ActionEn = "Sales below plan: analyse the causes of the gap and adjust the marketing plan.",
        },
        Kpi(GrossProfit, KpiFormat.Money, "毛利", "Gross profit"),
        Kpi(ProfitCompletionRate, KpiFormat.Percent, "利润完成率", "Profit completion"),
        Kpi(NewProductSales, KpiFormat.Money, "新产品销售额", "New-product sales"),
        Kpi(NewProductCompletionRate, KpiFormat.Percent, "新产品完成率", "New-product completion"),
        Kpi(NewCustomers, KpiFormat.Count, "新客户数", "New customers"),
        Kpi(NewCustomerCompletionRate, KpiFormat.PercentOfCounts, "新客户完成率", "New-customer completion"),
        Kpi(SalesWithoutApprovedFile, KpiFormat.Money, "无审批档案销售额", "Sales without an approved file", Direction.Lower),
    ];

    /// <summary>Whether the sale's customer had no file, or no approval by the end of the sale's local date.</summary>
    public static bool WithoutApprovedFile(Sale sale, FoldContext context) =>
        context.Customer(sale.CustomerId)?.ApprovedAt is not { } approved || approved >= context.Zone.StartOf(sale.Date.AddDays(1));

    /// <inheritdoc />
    protected override SaleFact Prepare(Sale record, FoldContext context) => new(record, WithoutApprovedFile(record, context));

    /// <inheritdoc />
    protected override ScopeRoute? Route(Sale record, FoldContext context)
    {
        var employee = context.Employee(record.EmployeeId);
        return new ScopeRoute(record.Department ?? employee?.Department ?? "sales", record.Region ?? employee?.Region, record.EmployeeId);
    }
}

/// <summary>One scope's sales: exact decimal sums and the distinct new customers.</summary>
public sealed class SalesState : FamilyState<SaleFact, SalesState>
{
    private HashSet<string> _newCustomers = new(StringComparer.Ordinal);

    /// <summary>Σ amount.</summary>
    public decimal Sales { get; set; }

    /// <summary>Σ grossProfit.</summary>
    public decimal GrossProfit { get; set; }

    /// <summary>Σ amount of new-product sales.</summary>
    public decimal NewProductSales { get; set; }

    /// <summary>Σ amount of sales without an approved file.</summary>
    public decimal WithoutFile { get; set; }

    /// <summary>Sales without an approved file.</summary>
    public long WithoutFileCount { get; set; }

    /// <summary>Customers of sales marked newCustomer, in ordinal order.</summary>
    public List<string> NewCustomers
    {
        get => _newCustomers.Order(StringComparer.Ordinal).ToList();
        set => _newCustomers = new HashSet<string>(value, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override void Add(SaleFact fact, FoldContext context)
    {
        var sale = fact.Sale;
        Sales += sale.Amount;
        GrossProfit += sale.GrossProfit ?? 0;
        if (sale.NewProduct)
        {
            NewProductSales += sale.Amount;
        }

        if (sale.NewCustomer)
        {
            _newCustomers.Add(sale.CustomerId);
        }

        if (fact.WithoutApprovedFile)
        {
            WithoutFile += sale.Amount;
            WithoutFileCount++;
        }
    }

    /// <inheritdoc />
    public override void Merge(SalesState other)
    {
        Sales += other.Sales;
        GrossProfit += other.GrossProfit;
        NewProductSales += other.NewProductSales;
        _newCustomers.UnionWith(other._newCustomers);
        WithoutFile += other.WithoutFile;
        WithoutFileCount += other.WithoutFileCount;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (SalesFamily.SalesAmount, new AmountValue(Sales));
        yield return (SalesFamily.SalesCompletionRate, new RateValue(Sales, targets?.SalesAmount ?? 0));
        yield return (SalesFamily.GrossProfit, new AmountValue(GrossProfit));
        yield return (SalesFamily.ProfitCompletionRate, new RateValue(GrossProfit, targets?.GrossProfit ?? 0));
        yield return (SalesFamily.NewProductSales, new AmountValue(NewProductSales));
        yield return (SalesFamily.NewProductCompletionRate, new RateValue(NewProductSales, targets?.NewProductSales ?? 0));
        yield return (SalesFamily.NewCustomers, new CountValue(_newCustomers.Count));
        yield return (SalesFamily.NewCustomerCompletionRate, new RateValue(_newCustomers.Count, targets?.NewCustomers ?? 0));
        yield return (SalesFamily.SalesWithoutApprovedFile, new AmountCountValue(WithoutFile, WithoutFileCount));
    }
}
