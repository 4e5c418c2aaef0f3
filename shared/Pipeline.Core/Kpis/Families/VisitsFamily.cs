using Pipeline.Records;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A customer visit or return visit.</summary>
/// <param name="Id">The visit id.</param>
/// <param name="Date">Local business date.</param>
/// <param name="EmployeeId">The employee who visited.</param>
/// <param name="CustomerId">The customer visited.</param>
/// <param name="Type">routine, holiday, usageTracking, returnVisit or complaintFollowUp.</param>
/// <param name="Opinions">Opinions and suggestions collected.</param>
/// <param name="ComplaintId">The complaint followed up, if any.</param>
/// <param name="Region">Region; null takes the customer file's, else the employee's.</param>
/// <param name="Department">Department; null takes the employee's.</param>
public sealed record Visit(
    string Id, DateOnly Date, string EmployeeId, string CustomerId, string Type, long? Opinions, string? ComplaintId, string? Region, string? Department);

/// <summary>
/// Visits and the opinions they collect (CONTRACT §3): a visit counts toward the company, its department (its own,
/// else its employee's), its region (its own, else the customer file's, else its employee's) and its employee.
/// </summary>
public sealed class VisitsFamily : KpiFamily<Visit, Visit, VisitsState>
{
    /// <summary>Visits in the period (a count), with <c>byType</c> (every type, zeros included).</summary>
    public const string Visits = "visits";

    /// <summary>Σ opinions collected on visits in the period (a count).</summary>
    public const string OpinionsCollected = "opinionsCollected";

    /// <summary>The visit types, in contract order.</summary>
    public static IReadOnlyList<string> Types { get; } = ["routine", "holiday", "usageTracking", "returnVisit", "complaintFollowUp"];

    /// <summary>The visits record kind.</summary>
    public static RecordKind<Visit> Schema { get; } = new(
        "visits",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("employeeId", required: true), Text("customerId", required: true),
            Enum("type", Types, required: true), Of("opinions", FieldType.Count), Text("complaintId"), Text("region"), Text("department"),
            Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "date",
        v => new Visit(
            v.Required<string>("id"), v.Required<DateOnly>("date"), v.Required<string>("employeeId"), v.Required<string>("customerId"),
            v.Required<string>("type"), v.Optional<long>("opinions"), v.Get<string>("complaintId"), v.Get<string>("region"), v.Get<string>("department")));

    /// <inheritdoc />
    public override RecordKind<Visit> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 1100;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(Visits, KpiFormat.Count, "客户走访次数", "Customer visits"),
        Kpi(OpinionsCollected, KpiFormat.Count, "收集意见数", "Opinions collected"),
    ];

    /// <inheritdoc />
    protected override Visit Prepare(Visit record, FoldContext context) => record;

    /// <inheritdoc />
    protected override ScopeRoute? Route(Visit record, FoldContext context)
    {
        var employee = context.Employee(record.EmployeeId);
        return new ScopeRoute(record.Department ?? employee?.Department, record.Region ?? context.Customer(record.CustomerId)?.Region ?? employee?.Region,
            record.EmployeeId);
    }
}

/// <summary>One scope's visits.</summary>
public sealed class VisitsState : FamilyState<Visit, VisitsState>
{
    /// <summary>Visits by type, in <see cref="VisitsFamily.Types"/> order.</summary>
    public long[] ByType { get; set; } = new long[VisitsFamily.Types.Count];

    /// <summary>Σ opinions.</summary>
    public long Opinions { get; set; }

    /// <inheritdoc />
    public override void Add(Visit fact, FoldContext context)
    {
        ByType[IndexOf(fact.Type)]++;
        Opinions += fact.Opinions ?? 0;
    }

    /// <inheritdoc />
    public override void Merge(VisitsState other)
    {
        for (var i = 0; i < ByType.Length; i++)
        {
            ByType[i] += other.ByType[i];
        }

        Opinions += other.Opinions;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (VisitsFamily.Visits, new VisitCountValue(ByType.Sum(),
            VisitsFamily.Types.Select((type, i) => (type, i)).ToDictionary(t => t.type, t => ByType[t.i], StringComparer.Ordinal)));
        yield return (VisitsFamily.OpinionsCollected, new CountValue(Opinions));
    }

    private static int IndexOf(string type)
    {
        for (var i = 0; i < VisitsFamily.Types.Count; i++)
        {
            if (VisitsFamily.Types[i] == type)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(type), type, "not a visit type");
    }
}
