using Pipeline.Records;

namespace Pipeline.Kpis.Families;

/// <summary>
/// Customer files (CONTRACT §3): complete and approved files among active customers. A file counts toward the
/// company, its keeper, the keeper's department and its region (the file's, else the keeper's); a file without a
/// keeper toward the company and its region. Alerts list the customer ids of incomplete or unapproved files — never
/// a name or the content of a file.
/// </summary>
public sealed class CustomerFilesFamily : KpiFamily<Customer, Customer, CustomerFilesState, CustomerFileDetail>
{
    /// <summary>Active customers whose file holds all five parts / active customers (0–1), Wilson interval; null without active customers.</summary>
    public const string CustomerFileCompleteness = "customerFileCompleteness";

    /// <summary>Active customers whose file was approved before the cut-off / active customers (0–1), Wilson interval.</summary>
    public const string CustomerFileApprovalRate = "customerFileApprovalRate";

    /// <inheritdoc />
    public override RecordKind<Customer> Kind => RecordKinds.Customers;

    /// <inheritdoc />
    public override int Order => 1000;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(CustomerFileCompleteness, KpiFormat.PercentOfCounts, "客户档案完整率", "Customer file completeness", testable: true, alert: 0.9) with
        {
            ActionZh = "客户档案不完整：按缺项补齐营业执照、联系人、资信、生产经营与交易记录。",
            ActionEn = "Incomplete customer files: fill in the missing parts (legal documents, contacts, credit, production, trade history).",
        },
        Kpi(CustomerFileApprovalRate, KpiFormat.PercentOfCounts, "客户档案审批率", "Customer file approval", testable: true),
    ];

    /// <inheritdoc />
    protected override Customer Prepare(Customer record, FoldContext context) => record;

    /// <inheritdoc />
    protected override ScopeRoute? Route(Customer record, FoldContext context) => context.CustomerRoute(record.Id);
}

/// <summary>One scope's customer files: counts and the files behind an alert.</summary>
public sealed class CustomerFilesState : FamilyState<Customer, CustomerFilesState>
{
    /// <summary>Active customers.</summary>
    public long Active { get; set; }

    /// <summary>Active customers with a complete file.</summary>
    public long Complete { get; set; }

    /// <summary>Active customers whose file was approved before the cut-off.</summary>
    public long Approved { get; set; }

    /// <summary>Active customers with an incomplete file (ids, ordinal).</summary>
    public RankedList<CustomerId> Incomplete { get; set; } = new();

    /// <summary>Active customers whose file was not approved before the cut-off (ids, ordinal).</summary>
    public RankedList<CustomerId> Unapproved { get; set; } = new();

    /// <inheritdoc />
    public override void Add(Customer fact, FoldContext context)
    {
        if (!fact.Active)
        {
            return;
        }

        Active++;
        if (fact.MissingParts.Count == 0)
        {
            Complete++;
        }
        else
        {
            Incomplete.Add(new CustomerId(fact.Id));
        }

        if (fact.ApprovedAt is { } approved && approved < context.CutOff)
        {
            Approved++;
        }
        else
        {
            Unapproved.Add(new CustomerId(fact.Id));
        }
    }

    /// <inheritdoc />
    public override void Merge(CustomerFilesState other)
    {
        Active += other.Active;
        Complete += other.Complete;
        Approved += other.Approved;
        Incomplete.Merge(other.Incomplete);
        Unapproved.Merge(other.Unapproved);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (CustomerFilesFamily.CustomerFileCompleteness, new CountRateValue(Complete, Active));
        yield return (CustomerFilesFamily.CustomerFileApprovalRate, new CountRateValue(Approved, Active));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi switch
    {
        CustomerFilesFamily.CustomerFileCompleteness => new Proportion(Complete, Active),
        CustomerFilesFamily.CustomerFileApprovalRate => new Proportion(Approved, Active),
        _ => null,
    };

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) => kpi switch
    {
        CustomerFilesFamily.CustomerFileCompleteness => Incomplete.Items.Select(c => c.Id).ToList(),
        CustomerFilesFamily.CustomerFileApprovalRate => Unapproved.Items.Select(c => c.Id).ToList(),
        _ => [],
    };
}

/// <summary>A customer an alert or an audit lists; ordered by id (ordinal).</summary>
/// <param name="Id">The customer id.</param>
public sealed record CustomerId(string Id) : IComparable<CustomerId>
{
    /// <summary>By id, ordinal.</summary>
    public int CompareTo(CustomerId? other) => other is null ? -1 : string.CompareOrdinal(Id, other.Id);
}

/// <summary>
/// The customer file audit behind <c>customer-analysis.html</c>: every active file's state — id, grade, keeper,
/// region, missing parts, approval — never its name or content.
/// </summary>
public sealed class CustomerFileDetail : FamilyDetail<Customer, CustomerFileDetail>
{
    /// <summary>Active files, by customer id.</summary>
    public RankedList<FileAudit> Files { get; set; } = new();

    /// <inheritdoc />
    public override void Add(Customer fact, FoldContext context)
    {
        if (fact.Active)
        {
            var keeper = context.Employee(fact.KeeperId);
            Files.Add(new FileAudit(
                fact.Id, fact.Grade, fact.KeeperId, keeper?.Department, fact.Region ?? keeper?.Region, fact.MissingParts,
                fact.ApprovedAt is { } approved && approved < context.CutOff,
                fact.FileUpdatedAt is { } updated ? context.Zone.DateOf(updated) : null));
        }
    }

    /// <inheritdoc />
    public override void Merge(CustomerFileDetail other) => Files.Merge(other.Files);
}

/// <summary>One active customer file as the audit shows it (no name, no content).</summary>
/// <param name="Id">The customer id.</param>
/// <param name="Grade">A, B, C or D.</param>
/// <param name="KeeperId">The keeper.</param>
/// <param name="Department">The keeper's department.</param>
/// <param name="Region">The file's region, else the keeper's.</param>
/// <param name="Missing">The parts the file lacks.</param>
/// <param name="Approved">Approved before the cut-off.</param>
/// <param name="UpdatedOn">The local date the file was last brought up to date.</param>
public sealed record FileAudit(
    string Id, string? Grade, string? KeeperId, string? Department, string? Region, IReadOnlyList<string> Missing, bool Approved, DateOnly? UpdatedOn)
    : IComparable<FileAudit>
{
    /// <summary>Whether the customer is a key customer (grade A or B).</summary>
    public bool IsKey => Grade is "A" or "B";

    /// <summary>By id, ordinal.</summary>
    public int CompareTo(FileAudit? other) => other is null ? -1 : string.CompareOrdinal(Id, other.Id);
}
