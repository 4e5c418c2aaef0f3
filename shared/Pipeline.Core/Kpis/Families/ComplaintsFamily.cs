using System.Text.Json.Serialization;
using Pipeline.Records;
using Pipeline.Statistics;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A quality or service complaint.</summary>
/// <param name="Id">The complaint id.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Category"><c>quality</c> or <c>service</c>.</param>
/// <param name="Product">The product (quality complaints).</param>
/// <param name="Severity"><c>low</c>, <c>normal</c> or <c>high</c>.</param>
/// <param name="Region">Region (from the record only).</param>
/// <param name="Department">Department, default <c>service</c>.</param>
/// <param name="HandlerId">The employee handling it.</param>
/// <param name="FirstResponseAt">First response to the customer.</param>
/// <param name="ResolvedAt">When it was resolved.</param>
/// <param name="FollowUpSatisfaction">The customer's satisfaction (1–5) at follow-up.</param>
/// <param name="Channel">How it came in.</param>
/// <param name="ResponsibleId">The employee at fault, once investigated.</param>
/// <param name="Substantiated">The investigation found the company at fault.</param>
public sealed record Complaint(
    string Id, DateTimeOffset ReceivedAt, string CustomerId, string Category, string? Product, string Severity, string? Region,
    string Department, string? HandlerId, DateTimeOffset? FirstResponseAt, DateTimeOffset? ResolvedAt, int? FollowUpSatisfaction,
    string? Channel = null, string? ResponsibleId = null, bool Substantiated = false);

/// <summary>A complaint and what is decided about it once: resolved before the cut-off, its hours to resolution, answered in time.</summary>
/// <param name="Complaint">The complaint.</param>
/// <param name="Resolved">Resolved before the cut-off.</param>
/// <param name="Hours">Calendar hours from receipt to resolution, when resolved.</param>
/// <param name="Timely">First response within <c>Sla:ComplaintResponseHours</c> on the SLA clock.</param>
public sealed record ComplaintFact(Complaint Complaint, bool Resolved, double? Hours, bool Timely);

/// <summary>A complaint an alert lists; ordered by receipt, then id (oldest first).</summary>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="Id">The complaint id.</param>
public sealed record PendingComplaint(DateTimeOffset ReceivedAt, string Id) : IComparable<PendingComplaint>
{
    /// <summary>By receipt instant, then id (ordinal).</summary>
    public int CompareTo(PendingComplaint? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byTime = ReceivedAt.UtcTicks.CompareTo(other.ReceivedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(Id, other.Id);
    }
}

/// <summary>
/// Complaints (CONTRACT §3): received by category, resolved before the cut-off, answered within the SLA, hours to
/// resolution and follow-up satisfaction. A complaint counts toward the company, its department, its region (from
/// the record only) and its handler. Alerts list the unresolved or late complaints, oldest first.
/// </summary>
public sealed class ComplaintsFamily : KpiFamily<Complaint, ComplaintFact, ComplaintsState, ComplaintDetail>
{
    /// <summary>Complaints received in the period (a count), with <c>byCategory</c>.</summary>
    public const string ComplaintsReceived = "complaintsReceived";

    /// <summary>Complaints resolved before the cut-off / received (0–1), Wilson interval; null without complaints.</summary>
    public const string ComplaintResolutionRate = "complaintResolutionRate";

    /// <summary>Complaints first answered within the SLA / received (0–1; no response is late); null without complaints.</summary>
    public const string ComplaintTimelyResponseRate = "complaintTimelyResponseRate";

    /// <summary>Median (and p90, PERCENTILE.INC) calendar hours from receipt to resolution; null when none was resolved.</summary>
    public const string ComplaintResolutionHours = "complaintResolutionHours";

    /// <summary>Mean follow-up satisfaction (1–5) over complaints that have one; null without any.</summary>
    public const string ComplaintFollowUpSatisfaction = "complaintFollowUpSatisfaction";

    /// <summary>The complaints record kind.</summary>
    public static RecordKind<Complaint> Schema { get; } = new(
        "complaints",
        [
            Id(), Of("receivedAt", FieldType.Timestamp, required: true), Text("customerId", required: true),
            Enum("category", ["quality", "service"], required: true), Text("product"),
            Enum("severity", ["low", "normal", "high"], @default: "normal"), Text("channel"), Text("region"),
            Text("department", @default: "service"), Text("handlerId"),
            Of("firstResponseAt", FieldType.Timestamp), Of("resolvedAt", FieldType.Timestamp),
            Score("followUpSatisfaction", 1, 5), Text("responsibleId"), Of("substantiated", FieldType.Boolean, @default: false),
            Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "receivedAt",
        v => new Complaint(
            v.Required<string>("id"), v.Required<DateTimeOffset>("receivedAt"), v.Required<string>("customerId"), v.Required<string>("category"),
            v.Get<string>("product"), v.Required<string>("severity"), v.Get<string>("region"), v.Required<string>("department"),
            v.Get<string>("handlerId"), v.Optional<DateTimeOffset>("firstResponseAt"), v.Optional<DateTimeOffset>("resolvedAt"),
            v.Optional<int>("followUpSatisfaction"), v.Get<string>("channel"), v.Get<string>("responsibleId"), v.Required<bool>("substantiated")),
        (values, error) =>
        {
            if (values.Get<string>("category") == "quality" && !values.ContainsKey("product"))
            {
                error("product", "is required when category is quality");
            }

            NotBefore(values, error, "firstResponseAt", "receivedAt");
            NotBefore(values, error, "resolvedAt", "receivedAt");
        });

    /// <inheritdoc />
    public override RecordKind<Complaint> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 300;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(ComplaintsReceived, KpiFormat.Count, "投诉受理数", "Complaints received"),
        Kpi(ComplaintResolutionRate, KpiFormat.PercentOfCounts, "投诉解决率", "Complaint resolution", testable: true, alert: 0.9) with
        {
            ActionZh = "投诉解决率不达标：逐条跟进未解决投诉，明确责任部门与完成时限。",
            ActionEn = "Resolution rate below target: follow up every unresolved complaint with an owner and a deadline.",
        },
        Kpi(ComplaintTimelyResponseRate, KpiFormat.PercentOfCounts, "投诉及时响应率", "Timely complaint response", testable: true, alert: 0.9) with
        {
            ActionZh = "投诉响应不及时：检查受理与转交流程，保证在时限内首次答复客户。",
            ActionEn = "Late responses: review how complaints are received and handed over so customers are answered in time.",
        },
        Kpi(ComplaintResolutionHours, KpiFormat.Decimal1, "投诉解决时长（小时）", "Complaint resolution time (h)", Direction.Lower),
        Kpi(ComplaintFollowUpSatisfaction, KpiFormat.Decimal2, "投诉回访满意度", "Complaint follow-up satisfaction", testable: true),
    ];

    /// <inheritdoc />
    protected override ComplaintFact Prepare(Complaint record, FoldContext context)
    {
        var resolved = record.ResolvedAt is { } resolvedAt && resolvedAt < context.CutOff;
        double? hours = resolved ? (record.ResolvedAt!.Value - record.ReceivedAt).TotalHours : null;
        var timely = context.Clock.IsTimely(record.ReceivedAt, record.FirstResponseAt, context.Settings.ComplaintResponseHours);
        return new ComplaintFact(record, resolved, hours, timely);
    }

    /// <inheritdoc />
    protected override ScopeRoute? Route(Complaint record, FoldContext context) => new(record.Department, record.Region, record.HandlerId);
}

/// <summary>One scope's complaints.</summary>
public sealed class ComplaintsState : FamilyState<ComplaintFact, ComplaintsState>, IJsonOnSerializing
{
    /// <summary>Received.</summary>
    public long Received { get; set; }

    /// <summary>Received of category quality.</summary>
    public long Quality { get; set; }

    /// <summary>Received of category service.</summary>
    public long Service { get; set; }

    /// <summary>Resolved before the cut-off.</summary>
    public long Resolved { get; set; }

    /// <summary>First answered within the SLA.</summary>
    public long Timely { get; set; }

    /// <summary>Hours to resolution of the resolved ones (written in ascending order; percentiles sort them anyway).</summary>
    public List<double> ResolutionHours { get; set; } = [];

    /// <summary>Follow-up satisfaction scores.</summary>
    public ExactMoments FollowUp { get; set; } = new();

    /// <summary>Complaints not resolved before the cut-off, oldest first.</summary>
    public RankedList<PendingComplaint> Unresolved { get; set; } = new();

    /// <summary>Complaints not answered within the SLA, oldest first.</summary>
    public RankedList<PendingComplaint> Late { get; set; } = new();

    /// <inheritdoc />
    public override void Add(ComplaintFact fact, FoldContext context)
    {
        var complaint = fact.Complaint;
        Received++;
        if (complaint.Category == "quality")
        {
            Quality++;
        }
        else
        {
            Service++;
        }

        if (fact.Resolved)
        {
            Resolved++;
            ResolutionHours.Add(fact.Hours!.Value);
        }
        else
        {
            Unresolved.Add(new PendingComplaint(complaint.ReceivedAt, complaint.Id));
        }

        if (fact.Timely)
        {
            Timely++;
        }
        else
        {
            Late.Add(new PendingComplaint(complaint.ReceivedAt, complaint.Id));
        }

        if (complaint.FollowUpSatisfaction is { } satisfaction)
        {
            FollowUp.Push(satisfaction);
        }
    }

    /// <inheritdoc />
    public override void Merge(ComplaintsState other)
    {
        Received += other.Received;
        Quality += other.Quality;
        Service += other.Service;
        Resolved += other.Resolved;
        Timely += other.Timely;
        ResolutionHours.AddRange(other.ResolutionHours);
        FollowUp.Merge(other.FollowUp);
        Unresolved.Merge(other.Unresolved);
        Late.Merge(other.Late);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (ComplaintsFamily.ComplaintsReceived, new ComplaintCountValue(Received,
            new Dictionary<string, long> { ["quality"] = Quality, ["service"] = Service }));
        yield return (ComplaintsFamily.ComplaintResolutionRate, new CountRateValue(Resolved, Received));
        yield return (ComplaintsFamily.ComplaintTimelyResponseRate, new CountRateValue(Timely, Received)
            { SlaHours = context.Settings.ComplaintResponseHours, Clock = context.Clock.Name });
        yield return (ComplaintsFamily.ComplaintResolutionHours, new HoursValue(
            Percentiles.Inclusive(ResolutionHours, 0.5), Percentiles.Inclusive(ResolutionHours, 0.9), ResolutionHours.Count));
        yield return (ComplaintsFamily.ComplaintFollowUpSatisfaction, MeanValue.Of(FollowUp));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi switch
    {
        ComplaintsFamily.ComplaintResolutionRate => new Proportion(Resolved, Received),
        ComplaintsFamily.ComplaintTimelyResponseRate => new Proportion(Timely, Received),
        ComplaintsFamily.ComplaintFollowUpSatisfaction => Moments.Of(FollowUp),
        _ => null,
    };

    /// <inheritdoc />
    void IJsonOnSerializing.OnSerializing() => ResolutionHours.Sort();

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) => kpi switch
    {
        ComplaintsFamily.ComplaintResolutionRate or ComplaintsFamily.ComplaintResolutionHours => Unresolved.Items.Select(c => c.Id).ToList(),
        ComplaintsFamily.ComplaintTimelyResponseRate => Late.Items.Select(c => c.Id).ToList(),
        _ => [],
    };
}
