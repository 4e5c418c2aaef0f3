using Pipeline.Records;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A customer inquiry.</summary>
/// <param name="Id">The inquiry id.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="Region">Region (from the record only).</param>
/// <param name="Department">Department, default <c>service</c>.</param>
/// <param name="HandlerId">The employee answering it.</param>
/// <param name="FirstReplyAt">The first reply.</param>
public sealed record Inquiry(string Id, DateTimeOffset ReceivedAt, string? Region, string Department, string? HandlerId, DateTimeOffset? FirstReplyAt);

/// <summary>
/// Inquiries answered in time (CONTRACT §3): an inquiry counts toward the company, its department, its region
/// (from the record only) and its handler.
/// </summary>
public sealed class InquiriesFamily : KpiFamily<Inquiry, bool, InquiriesState>
{
    /// <summary>Inquiries first answered within <c>Sla:InquiryReplyHours</c> / received (0–1), Wilson interval; null without inquiries.</summary>
    public const string InquiryTimelyReplyRate = "inquiryTimelyReplyRate";

    /// <summary>The inquiries record kind.</summary>
    public static RecordKind<Inquiry> Schema { get; } = new(
        "inquiries",
        [
            Id(), Of("receivedAt", FieldType.Timestamp, required: true), Text("channel"), Text("customerId"),
            Text("topic"), Text("region"), Text("department", @default: "service"), Text("handlerId"),
            Of("firstReplyAt", FieldType.Timestamp), Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "receivedAt",
        v => new Inquiry(
            v.Required<string>("id"), v.Required<DateTimeOffset>("receivedAt"), v.Get<string>("region"), v.Required<string>("department"),
            v.Get<string>("handlerId"), v.Optional<DateTimeOffset>("firstReplyAt")),
        (values, error) => NotBefore(values, error, "firstReplyAt", "receivedAt"));

    /// <inheritdoc />
    public override RecordKind<Inquiry> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 400;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(InquiryTimelyReplyRate, KpiFormat.PercentOfCounts, "咨询及时答复率", "Timely inquiry reply", testable: true),
    ];

    /// <inheritdoc />
    protected override bool Prepare(Inquiry record, FoldContext context) =>
        context.Clock.IsTimely(record.ReceivedAt, record.FirstReplyAt, context.Settings.InquiryReplyHours);

    /// <inheritdoc />
    protected override ScopeRoute? Route(Inquiry record, FoldContext context) => new(record.Department, record.Region, record.HandlerId);
}

/// <summary>One scope's inquiries.</summary>
public sealed class InquiriesState : FamilyState<bool, InquiriesState>
{
    /// <summary>Received.</summary>
    public long Received { get; set; }

    /// <summary>Answered within the SLA.</summary>
    public long Timely { get; set; }

    /// <inheritdoc />
    public override void Add(bool fact, FoldContext context)
    {
        Received++;
        Timely += fact ? 1 : 0;
    }

    /// <inheritdoc />
    public override void Merge(InquiriesState other)
    {
        Received += other.Received;
        Timely += other.Timely;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (InquiriesFamily.InquiryTimelyReplyRate, new CountRateValue(Timely, Received)
            { SlaHours = context.Settings.InquiryReplyHours, Clock = context.Clock.Name });
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi == InquiriesFamily.InquiryTimelyReplyRate ? new Proportion(Timely, Received) : null;
}
