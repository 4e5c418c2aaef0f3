using Pipeline.Records;
using Pipeline.Time;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>An amount invoiced to a customer and what has come in.</summary>
/// <param name="Id">The receivable id.</param>
/// <param name="CustomerId">The customer invoiced.</param>
/// <param name="InvoiceDate">Local date invoiced.</param>
/// <param name="DueDate">Local date payment is due (its anchor).</param>
/// <param name="Amount">Amount invoiced, company currency, above 0.</param>
/// <param name="PaidAmount">Paid so far, 0 to <paramref name="Amount"/>.</param>
/// <param name="PaidAt">Local date of the latest payment; present when something is paid.</param>
/// <param name="EmployeeId">The salesperson responsible for collecting it.</param>
/// <param name="Region">Region; null takes the customer file's, else the employee's.</param>
/// <param name="Department">Department; null takes the employee's, else <c>sales</c>.</param>
/// <param name="GuarantorId">The employee who guaranteed a dealer's payment.</param>
/// <param name="GuaranteeAmount">The amount guaranteed.</param>
public sealed record Receivable(
    string Id, string CustomerId, DateOnly InvoiceDate, DateOnly DueDate, decimal Amount, decimal PaidAmount, DateOnly? PaidAt,
    string? EmployeeId, string? Region, string? Department, string? GuarantorId, decimal? GuaranteeAmount)
{
    /// <summary>
    /// The balance at the cut-off: <see cref="Amount"/> − <see cref="PaidAmount"/> when the latest payment is before the
    /// cut-off's date, else the whole amount (a payment after the cut-off did not exist yet when the period closed).
    /// </summary>
    public decimal BalanceAt(DateOnly cutOffDate) => PaidAt is { } paid && paid < cutOffDate ? Amount - PaidAmount : Amount;

    /// <summary>The day the guarantee is deducted from the guarantor's pay: <see cref="DueDate"/> + 91 days.</summary>
    public DateOnly DeductionDate => DueDate.AddDays(ReceivablesFamily.DeductionDays);
}

/// <summary>What the receivable states add, decided once per receivable.</summary>
/// <param name="Receivable">The receivable.</param>
/// <param name="Due">Due in the period assessed.</param>
/// <param name="Collected">Σ paid counted as collected: the paid amount when due in the period and paid before the cut-off's date, else 0.</param>
/// <param name="Balance">The balance at the cut-off.</param>
/// <param name="DaysOverdue">Days from the due date to the cut-off's date when 1 to 365 and a balance is left; else 0 (not overdue here).</param>
public sealed record ReceivableFact(Receivable Receivable, bool Due, decimal Collected, decimal Balance, int DaysOverdue);

/// <summary>
/// Payment collection (CONTRACT §3), a duty of every salesperson: what fell due in the period and how much of it came in
/// by the cut-off, and the balance overdue at the cut-off over the year before it, by age. A receivable counts toward the
/// company, its department (its own, else its employee's, else <c>sales</c>), its region (its own, else its customer
/// file's, else its employee's) and its employee. The overdue figures look back 365 days from the cut-off's date, so the
/// run reads the receivables due in that year as well as the period's (<see cref="Reads"/>); only those due in the period
/// count as the period's records.
/// </summary>
public sealed class ReceivablesFamily : KpiFamily<Receivable, ReceivableFact, ReceivablesState>
{
    /// <summary>Σ amount of receivables due in the period, company currency; 0 when none is due.</summary>
    public const string ReceivablesDue = "receivablesDue";

    /// <summary>
    /// Σ paidAmount of receivables due in the period paid (latest payment) before the cut-off's date / <see cref="ReceivablesDue"/>
    /// (1.0 = all collected); a ratio of money with no interval, null when nothing is due.
    /// </summary>
    public const string CollectionRate = "collectionRate";

    /// <summary>
    /// The balance at the cut-off of every receivable due 1 to 365 days before the cut-off's date, company currency, with the
    /// count of those receivables and the balance by age (days from the due date to the cut-off's date: 1-30, 31-90, 91+);
    /// 0 when nothing is overdue. Receivables with no balance left are not counted.
    /// </summary>
    public const string OverdueReceivables = "overdueReceivables";

    /// <summary>How far back <see cref="OverdueReceivables"/> looks, in days before the cut-off's date.</summary>
    public const int LookBackDays = 365;

    /// <summary>Days after the due date on which an unpaid guarantee is deducted from the guarantor's pay.</summary>
    public const int DeductionDays = 91;

    /// <summary>The age buckets of <see cref="OverdueReceivables"/>, in order.</summary>
    public static IReadOnlyList<string> AgeBuckets { get; } = ["1-30", "31-90", "91+"];

    /// <summary>The receivables record kind.</summary>
    public static RecordKind<Receivable> Schema { get; } = new(
        "receivables",
        [
            Id(), Text("customerId", required: true), Of("invoiceDate", FieldType.Date, required: true),
            Of("dueDate", FieldType.Date, required: true), Of("amount", FieldType.NonNegativeMoney, required: true),
            Of("paidAmount", FieldType.NonNegativeMoney, @default: 0m), Of("paidAt", FieldType.Date), Text("employeeId"), Text("region"),
            Text("department"), Text("guarantorId"), Of("guaranteeAmount", FieldType.NonNegativeMoney), Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "dueDate",
        v => new Receivable(
            v.Required<string>("id"), v.Required<string>("customerId"), v.Required<DateOnly>("invoiceDate"), v.Required<DateOnly>("dueDate"),
            v.Required<decimal>("amount"), v.Required<decimal>("paidAmount"), v.Optional<DateOnly>("paidAt"), v.Get<string>("employeeId"),
            v.Get<string>("region"), v.Get<string>("department"), v.Get<string>("guarantorId"), v.Optional<decimal>("guaranteeAmount")),
        (values, error) =>
        {
            if (values.TryGet<DateOnly>("dueDate", out var due) && values.TryGet<DateOnly>("invoiceDate", out var invoiced) && due < invoiced)
            {
                error("dueDate", "must not be before invoiceDate");
            }

            if (values.TryGet<decimal>("amount", out var amount) && amount == 0)
            {
                error("amount", "must be greater than 0");
            }

            if (values.TryGet<decimal>("paidAmount", out var paid))
            {
                if (values.TryGet<decimal>("amount", out var invoicedAmount) && paid > invoicedAmount)
                {
                    error("paidAmount", "must not exceed amount");
                }

                if (paid > 0 && !values.TryGet<DateOnly>("paidAt", out _))
                {
                    error("paidAt", "is required when paidAmount is above 0");
                }
            }
        });

    /// <inheritdoc />
    public override RecordKind<Receivable> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 150;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(ReceivablesDue, KpiFormat.Money, "应收账款到期额", "Receivables due"),
        Kpi(CollectionRate, KpiFormat.Percent, "回款率", "Collection rate", alert: 0.9) with
        {
            ActionZh = "回款未达要求：按欠款余额逐户催收，落实责任人与回款计划。",
            ActionEn = "Collection below target: chase each unpaid receivable, largest balance first, with a named owner and a payment plan.",
        },
        Kpi(OverdueReceivables, KpiFormat.Money, "逾期应收账款", "Overdue receivables", Direction.Lower),
    ];

    /// <summary>
    /// The due dates this family reads for <paramref name="context"/>: the 365 days before the cut-off's date (the overdue
    /// look-back, which also covers the period itself) and the dates whose guarantee deduction falls in the period.
    /// </summary>
    public static DateRange Window(FoldContext context)
    {
        var from = context.CutOffDate.AddDays(-LookBackDays);
        var deductionsFrom = context.Period.FirstDay.AddDays(-DeductionDays);
        return new DateRange(from < deductionsFrom ? from : deductionsFrom, context.CutOffDate);
    }

    /// <inheritdoc />
    public override DateRange Reads(FoldContext context) => Window(context);

    /// <inheritdoc />
    protected override ReceivableFact Prepare(Receivable record, FoldContext context)
    {
        var due = context.Period.Contains(record.DueDate);
        var balance = record.BalanceAt(context.CutOffDate);
        var collected = due && record.PaidAt is { } paid && paid < context.CutOffDate ? record.PaidAmount : 0m;
        var days = context.CutOffDate.DayNumber - record.DueDate.DayNumber;
        return new ReceivableFact(record, due, collected, balance, days is >= 1 and <= LookBackDays && balance > 0 ? days : 0);
    }

    /// <inheritdoc />
    protected override ScopeRoute? Route(Receivable record, FoldContext context) => Route(record, Prepare(record, context), context);

    /// <inheritdoc />
    protected override ScopeRoute? Route(Receivable record, ReceivableFact fact, FoldContext context)
    {
        // Only a receivable that counts in a figure of the period names scopes: one due in it, or one overdue at its cut-off.
        if (!fact.Due && fact.DaysOverdue == 0)
        {
            return null;
        }

        var employee = context.Employee(record.EmployeeId);
        return new ScopeRoute(
            record.Department ?? employee?.Department ?? "sales",
            record.Region ?? context.Customer(record.CustomerId)?.Region ?? employee?.Region,
            record.EmployeeId);
    }

    /// <inheritdoc />
    protected override bool OfPeriod(Receivable record, FoldContext context) => context.Period.Contains(record.DueDate);
}

/// <summary>One scope's receivables: exact decimal sums and the receivables an alert lists.</summary>
public sealed class ReceivablesState : FamilyState<ReceivableFact, ReceivablesState>
{
    /// <summary>Σ amount due in the period.</summary>
    public decimal Due { get; set; }

    /// <summary>Σ paid amount of those, paid before the cut-off's date.</summary>
    public decimal Collected { get; set; }

    /// <summary>Σ balance overdue at the cut-off (1–365 days).</summary>
    public decimal Overdue { get; set; }

    /// <summary>Receivables overdue at the cut-off.</summary>
    public long OverdueCount { get; set; }

    /// <summary>Σ balance overdue 1–30 days.</summary>
    public decimal Overdue1To30 { get; set; }

    /// <summary>Σ balance overdue 31–90 days.</summary>
    public decimal Overdue31To90 { get; set; }

    /// <summary>Σ balance overdue 91–365 days.</summary>
    public decimal Overdue91Plus { get; set; }

    /// <summary>Receivables due in the period with a balance at the cut-off, largest balance first, then id.</summary>
    public RankedList<OpenReceivable> Uncollected { get; set; } = new();

    /// <summary>Receivables overdue at the cut-off, largest balance first, then id.</summary>
    public RankedList<OpenReceivable> OverdueList { get; set; } = new();

    /// <inheritdoc />
    public override void Add(ReceivableFact fact, FoldContext context)
    {
        var receivable = fact.Receivable;
        if (fact.Due)
        {
            Due += receivable.Amount;
            Collected += fact.Collected;
            if (fact.Balance > 0)
            {
                Uncollected.Add(new OpenReceivable(fact.Balance, receivable.Id));
            }
        }

        if (fact.DaysOverdue > 0)
        {
            Overdue += fact.Balance;
            OverdueCount++;
            switch (fact.DaysOverdue)
            {
                case <= 30:
                    Overdue1To30 += fact.Balance;
                    break;
                case <= 90:
                    Overdue31To90 += fact.Balance;
                    break;
                default:
                    Overdue91Plus += fact.Balance;
                    break;
            }

            OverdueList.Add(new OpenReceivable(fact.Balance, receivable.Id));
        }
    }

    /// <inheritdoc />
    public override void Merge(ReceivablesState other)
    {
        Due += other.Due;
        Collected += other.Collected;
        Overdue += other.Overdue;
        OverdueCount += other.OverdueCount;
        Overdue1To30 += other.Overdue1To30;
        Overdue31To90 += other.Overdue31To90;
        Overdue91Plus += other.Overdue91Plus;
        Uncollected.Merge(other.Uncollected);
        OverdueList.Merge(other.OverdueList);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (ReceivablesFamily.ReceivablesDue, new AmountValue(Due));
        yield return (ReceivablesFamily.CollectionRate, new RateValue(Collected, Due));
        yield return (ReceivablesFamily.OverdueReceivables, new OverdueValue(Overdue, OverdueCount, new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [ReceivablesFamily.AgeBuckets[0]] = Overdue1To30,
            [ReceivablesFamily.AgeBuckets[1]] = Overdue31To90,
            [ReceivablesFamily.AgeBuckets[2]] = Overdue91Plus,
        }));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) => kpi switch
    {
        ReceivablesFamily.CollectionRate => Uncollected.Items.Select(r => r.Id).ToList(),
        ReceivablesFamily.OverdueReceivables => OverdueList.Items.Select(r => r.Id).ToList(),
        _ => [],
    };
}

/// <summary>A receivable an alert lists, with what is left to collect; largest first, then id.</summary>
/// <param name="Balance">What is left to collect (or to deduct), company currency.</param>
/// <param name="Id">The receivable id.</param>
public sealed record OpenReceivable(decimal Balance, string Id) : IComparable<OpenReceivable>
{
    /// <summary>Largest balance first, then id (ordinal).</summary>
    public int CompareTo(OpenReceivable? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byBalance = other.Balance.CompareTo(Balance);
        return byBalance != 0 ? byBalance : string.CompareOrdinal(Id, other.Id);
    }
}
