using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Kpis.Families;

/// <summary>
/// Guarantee deductions (CONTRACT §3): a dealer's payment guaranteed by an employee (usually an area manager) and still
/// unpaid 91 days after its due date is deducted from the guarantor's pay, up to the amount guaranteed. Each deduction
/// lands in exactly one month — the one holding its deduction date, <c>dueDate + 91 days</c> — and counts toward the
/// company, the guarantor and the guarantor's department (master data), never a region. Every positive deduction raises
/// an alert on its guarantor listing the receivables behind it.
/// </summary>
public sealed class GuaranteeDeductionsFamily : KpiFamily<Receivable, DeductionFact, GuaranteeDeductionsState, GuaranteeDeductionsDetail>
{
    /// <summary>
    /// Σ min(guaranteeAmount, balance at the cut-off) over guaranteed receivables whose deduction date (dueDate + 91 days)
    /// falls in the period and whose balance at the cut-off is positive, company currency, with their count; 0 when none.
    /// The amount to deduct from the guarantor's pay.
    /// </summary>
    public const string GuaranteeDeductions = "guaranteeDeductions";

    /// <inheritdoc />
    public override string Name => "guaranteeDeductions";

    /// <inheritdoc />
    public override RecordKind<Receivable> Kind => ReceivablesFamily.Schema;

    /// <inheritdoc />
    public override int Order => 160;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(GuaranteeDeductions, KpiFormat.Money, "担保扣款", "Guarantee deductions", Direction.Lower, alert: 0) with
        {
            AlertScopes = [ScopeKind.Employee],
            ActionZh = "担保货款逾期未收回：按规定从担保人工资中扣除，并督促经销商还款。",
            ActionEn = "Guaranteed payments still unpaid: deduct from the guarantor's pay as the rules say, and press the dealer to pay.",
        },
    ];

    /// <inheritdoc />
    public override DateRange Reads(FoldContext context) => ReceivablesFamily.Window(context);

    /// <inheritdoc />
    protected override DeductionFact Prepare(Receivable record, FoldContext context)
    {
        if (record.GuarantorId is null || record.GuaranteeAmount is not > 0 || !context.Period.Contains(record.DeductionDate))
        {
            return new DeductionFact(record, 0m, 0m);
        }

        var balance = record.BalanceAt(context.CutOffDate);
        return new DeductionFact(record, balance, Math.Min(record.GuaranteeAmount.Value, balance));
    }

    /// <inheritdoc />
    protected override ScopeRoute? Route(Receivable record, FoldContext context) => Route(record, Prepare(record, context), context);

    /// <inheritdoc />
    protected override ScopeRoute? Route(Receivable record, DeductionFact fact, FoldContext context) =>
        fact.Deduction > 0 ? new ScopeRoute(context.Employee(record.GuarantorId)?.Department, null, record.GuarantorId) : null;

    /// <inheritdoc />
    protected override bool OfPeriod(Receivable record, FoldContext context) => context.Period.Contains(record.DueDate);
}

/// <summary>A receivable and what is deducted for it in the period (0 when nothing is).</summary>
/// <param name="Receivable">The receivable.</param>
/// <param name="Balance">Its balance at the cut-off when its deduction date is in the period.</param>
/// <param name="Deduction">min(guaranteeAmount, balance) when its deduction date is in the period and it has a guarantor, else 0.</param>
public sealed record DeductionFact(Receivable Receivable, decimal Balance, decimal Deduction);

/// <summary>One scope's guarantee deductions.</summary>
public sealed class GuaranteeDeductionsState : FamilyState<DeductionFact, GuaranteeDeductionsState>
{
    /// <summary>Σ deductions.</summary>
    public decimal Amount { get; set; }

    /// <summary>Receivables deducted for.</summary>
    public long Count { get; set; }

    /// <summary>The receivables deducted for, largest deduction first, then id.</summary>
    public RankedList<OpenReceivable> Receivables { get; set; } = new();

    /// <inheritdoc />
    public override void Add(DeductionFact fact, FoldContext context)
    {
        if (fact.Deduction <= 0)
        {
            return;
        }

        Amount += fact.Deduction;
        Count++;
        Receivables.Add(new OpenReceivable(fact.Deduction, fact.Receivable.Id));
    }

    /// <inheritdoc />
    public override void Merge(GuaranteeDeductionsState other)
    {
        Amount += other.Amount;
        Count += other.Count;
        Receivables.Merge(other.Receivables);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (GuaranteeDeductionsFamily.GuaranteeDeductions, new AmountCountValue(Amount, Count));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) =>
        Receivables.Items.Select(r => r.Id).ToList();
}

/// <summary>Every deduction of the period, for the assessment report (what payroll deducts from whom).</summary>
public sealed class GuaranteeDeductionsDetail : FamilyDetail<DeductionFact, GuaranteeDeductionsDetail>
{
    /// <summary>The deductions, by guarantor, then largest first, then receivable id.</summary>
    public RankedList<DeductionLine> Deductions { get; set; } = new();

    /// <inheritdoc />
    public override void Add(DeductionFact fact, FoldContext context)
    {
        if (fact.Deduction <= 0)
        {
            return;
        }

        var r = fact.Receivable;
        Deductions.Add(new DeductionLine(r.GuarantorId!, r.Id, r.CustomerId, r.DueDate, r.DeductionDate, fact.Balance, r.GuaranteeAmount!.Value,
            fact.Deduction));
    }

    /// <inheritdoc />
    public override void Merge(GuaranteeDeductionsDetail other) => Deductions.Merge(other.Deductions);
}

/// <summary>One deduction as the report lists it.</summary>
/// <param name="GuarantorId">The employee whose pay it is deducted from.</param>
/// <param name="ReceivableId">The receivable.</param>
/// <param name="CustomerId">The dealer (customer id only).</param>
/// <param name="DueDate">When payment was due.</param>
/// <param name="DeductionDate">Due date + 91 days.</param>
/// <param name="Balance">Balance at the cut-off.</param>
/// <param name="GuaranteeAmount">The amount guaranteed.</param>
/// <param name="Deduction">min(guarantee, balance).</param>
public sealed record DeductionLine(
    string GuarantorId, string ReceivableId, string CustomerId, DateOnly DueDate, DateOnly DeductionDate, decimal Balance, decimal GuaranteeAmount,
    decimal Deduction) : IComparable<DeductionLine>
{
    /// <summary>By guarantor (ordinal), then largest deduction first, then receivable id (ordinal).</summary>
    public int CompareTo(DeductionLine? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byGuarantor = string.CompareOrdinal(GuarantorId, other.GuarantorId);
        if (byGuarantor != 0)
        {
            return byGuarantor;
        }

        var byAmount = other.Deduction.CompareTo(Deduction);
        return byAmount != 0 ? byAmount : string.CompareOrdinal(ReceivableId, other.ReceivableId);
    }
}
