using Pipeline.Records;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>An expense; ordered largest first, then by id (the order a manager reviews them in).</summary>
/// <param name="Id">The expense id.</param>
/// <param name="Date">Local business date.</param>
/// <param name="Department">The department it is booked to.</param>
/// <param name="Category">travel, entertainment, advertising, research, promotion or other.</param>
/// <param name="Amount">Amount, company currency, ≥ 0.</param>
/// <param name="EmployeeId">The employee, if any.</param>
/// <param name="Region">Region; null takes the employee's.</param>
public sealed record Expense(string Id, DateOnly Date, string Department, string Category, decimal Amount, string? EmployeeId, string? Region)
    : IComparable<Expense>
{
    /// <summary>Largest amount first, then id (ordinal).</summary>
    public int CompareTo(Expense? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byAmount = other.Amount.CompareTo(Amount);
        return byAmount != 0 ? byAmount : string.CompareOrdinal(Id, other.Id);
    }
}

/// <summary>
/// Expenses against the budget (CONTRACT §3): an expense counts toward the company, its department, its region
/// (its own, else its employee's) and its employee. An alert lists the largest expenses.
/// </summary>
public sealed class ExpensesFamily : KpiFamily<Expense, Expense, ExpensesState>
{
    /// <summary>Σ expense amount, company currency.</summary>
    public const string ExpenseAmount = "expenseAmount";

    /// <summary>expenseAmount / target expenseBudget (lower is better); null without a budget.</summary>
    public const string ExpenseControlRate = "expenseControlRate";

    /// <summary>The expenses record kind.</summary>
    public static RecordKind<Expense> Schema { get; } = new(
        "expenses",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("department", required: true),
            Enum("category", ["travel", "entertainment", "advertising", "research", "promotion", "other"], required: true),
            Of("amount", FieldType.NonNegativeMoney, required: true), Text("employeeId"), Text("region"),
        ],
        anchor: "date",
        v => new Expense(
            v.Required<string>("id"), v.Required<DateOnly>("date"), v.Required<string>("department"), v.Required<string>("category"),
            v.Required<decimal>("amount"), v.Get<string>("employeeId"), v.Get<string>("region")));

    /// <inheritdoc />
    public override RecordKind<Expense> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 200;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(ExpenseAmount, KpiFormat.Money, "费用", "Expenses"),
        Kpi(ExpenseControlRate, KpiFormat.Percent, "费用控制率", "Expense control", Direction.Lower, alert: 1.0) with
        {
            ActionZh = "费用超出预算：审查大额费用，严格费用审批。",
            ActionEn = "Expenses above budget: review the largest expenses and tighten approval.",
        },
    ];

    /// <inheritdoc />
    protected override Expense Prepare(Expense record, FoldContext context) => record;

    /// <inheritdoc />
    protected override ScopeRoute? Route(Expense record, FoldContext context) =>
        new ScopeRoute(record.Department, record.Region ?? context.Employee(record.EmployeeId)?.Region, record.EmployeeId);
}

/// <summary>One scope's expenses: the exact sum and the largest ones.</summary>
public sealed class ExpensesState : FamilyState<Expense, ExpensesState>
{
    /// <summary>Σ amount.</summary>
    public decimal Expenses { get; set; }

    /// <summary>The largest expenses, largest first (at most <c>AlertRecordLimit</c>).</summary>
    public RankedList<Expense> Largest { get; set; } = new();

    /// <inheritdoc />
    public override void Add(Expense fact, FoldContext context)
    {
        Expenses += fact.Amount;
        Largest.Limit ??= context.Settings.AlertRecordLimit;
        Largest.Add(fact);
    }

    /// <inheritdoc />
    public override void Merge(ExpensesState other)
    {
        Expenses += other.Expenses;
        Largest.Limit ??= other.Largest.Limit;
        Largest.Merge(other.Largest);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (ExpensesFamily.ExpenseAmount, new AmountValue(Expenses));
        yield return (ExpensesFamily.ExpenseControlRate, new RateValue(Expenses, targets?.ExpenseBudget ?? 0));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) =>
        kpi == ExpensesFamily.ExpenseControlRate ? Largest.Items.Select(e => e.Id).ToList() : [];
}
