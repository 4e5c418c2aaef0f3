using Pipeline.Records;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>An after-sales service request.</summary>
/// <param name="Id">The ticket id.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="Type">install, commissioning, repair, maintenance or other.</param>
/// <param name="Region">Region (from the record only).</param>
/// <param name="Department">Department, default <c>service</c>.</param>
/// <param name="HandlerId">The employee handling it.</param>
/// <param name="RespondedAt">First response.</param>
/// <param name="CompletedAt">Completion.</param>
/// <param name="QualityCheck"><c>pass</c> or <c>fail</c>, once checked.</param>
public sealed record ServiceTicket(
    string Id, DateTimeOffset OpenedAt, string Type, string? Region, string Department, string? HandlerId,
    DateTimeOffset? RespondedAt, DateTimeOffset? CompletedAt, string? QualityCheck);

/// <summary>A ticket, whether it was responded to in time and how long it took to complete.</summary>
/// <param name="Ticket">The ticket.</param>
/// <param name="Timely">Responded within <c>Sla:ServiceResponseHours</c> on the SLA clock.</param>
/// <param name="CompletionHours">Calendar hours from opening to completion, when completed before the cut-off.</param>
public sealed record TicketFact(ServiceTicket Ticket, bool Timely, double? CompletionHours);

/// <summary>
/// Service requests answered in time and passing quality checks (CONTRACT §3): a ticket counts toward the company,
/// its department, its region (from the record only) and its handler.
/// </summary>
public sealed class ServiceTicketsFamily : KpiFamily<ServiceTicket, TicketFact, ServiceTicketsState>
{
    /// <summary>Tickets responded to within the SLA / opened (0–1), Wilson interval; null without tickets.</summary>
    public const string ServiceTimelyResponseRate = "serviceTimelyResponseRate";

    /// <summary>Tickets whose quality check passed / tickets checked (0–1), Wilson interval; null when none was checked.</summary>
    public const string ServiceQualityPassRate = "serviceQualityPassRate";

    /// <summary>Median (and p90, PERCENTILE.INC) calendar hours from opening to completion of tickets completed before the cut-off; null when none was.</summary>
    public const string ServiceCompletionHours = "serviceCompletionHours";

    /// <summary>The service tickets record kind.</summary>
    public static RecordKind<ServiceTicket> Schema { get; } = new(
        "serviceTickets",
        [
            Id(), Of("openedAt", FieldType.Timestamp, required: true),
            Enum("type", ["install", "commissioning", "repair", "maintenance", "other"], required: true),
            Text("customerId"), Text("region"), Text("department", @default: "service"), Text("handlerId"),
            Of("respondedAt", FieldType.Timestamp), Of("completedAt", FieldType.Timestamp),
            Enum("qualityCheck", ["pass", "fail"]), Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "openedAt",
        v => new ServiceTicket(
            v.Required<string>("id"), v.Required<DateTimeOffset>("openedAt"), v.Required<string>("type"), v.Get<string>("region"),
            v.Required<string>("department"), v.Get<string>("handlerId"), v.Optional<DateTimeOffset>("respondedAt"),
            v.Optional<DateTimeOffset>("completedAt"), v.Get<string>("qualityCheck")),
        (values, error) =>
        {
            NotBefore(values, error, "respondedAt", "openedAt");
            NotBefore(values, error, "completedAt", "openedAt");
        });

    /// <inheritdoc />
    public override RecordKind<ServiceTicket> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 500;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(ServiceTimelyResponseRate, KpiFormat.PercentOfCounts, "服务及时响应率", "Timely service response", testable: true),
        Kpi(ServiceQualityPassRate, KpiFormat.PercentOfCounts, "服务质量合格率", "Service quality pass rate", testable: true),
        Kpi(ServiceCompletionHours, KpiFormat.Decimal1, "服务完成时长（小时）", "Service completion time (h)", Direction.Lower),
    ];

    /// <inheritdoc />
    protected override TicketFact Prepare(ServiceTicket record, FoldContext context) =>
        new(record, context.Clock.IsTimely(record.OpenedAt, record.RespondedAt, context.Settings.ServiceResponseHours),
            record.CompletedAt is { } completed && completed < context.CutOff ? (completed - record.OpenedAt).TotalHours : null);

    /// <inheritdoc />
    protected override ScopeRoute? Route(ServiceTicket record, FoldContext context) => new(record.Department, record.Region, record.HandlerId);
}

/// <summary>One scope's service tickets.</summary>
public sealed class ServiceTicketsState : FamilyState<TicketFact, ServiceTicketsState>, System.Text.Json.Serialization.IJsonOnSerializing
{
    /// <inheritdoc />
    void System.Text.Json.Serialization.IJsonOnSerializing.OnSerializing() => CompletionHours.Sort();

    /// <summary>Opened.</summary>
    public long Opened { get; set; }

    /// <summary>Responded to within the SLA.</summary>
    public long Timely { get; set; }

    /// <summary>With a quality check.</summary>
    public long Checked { get; set; }

    /// <summary>Passed the quality check.</summary>
    public long Passed { get; set; }

    /// <summary>Hours to completion of the tickets completed before the cut-off (written in ascending order).</summary>
    public List<double> CompletionHours { get; set; } = [];

    /// <inheritdoc />
    public override void Add(TicketFact fact, FoldContext context)
    {
        Opened++;
        Timely += fact.Timely ? 1 : 0;
        if (fact.Ticket.QualityCheck is { } check)
        {
            Checked++;
            Passed += check == "pass" ? 1 : 0;
        }

        if (fact.CompletionHours is { } hours)
        {
            CompletionHours.Add(hours);
        }
    }

    /// <inheritdoc />
    public override void Merge(ServiceTicketsState other)
    {
        Opened += other.Opened;
        Timely += other.Timely;
        Checked += other.Checked;
        Passed += other.Passed;
        CompletionHours.AddRange(other.CompletionHours);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (ServiceTicketsFamily.ServiceTimelyResponseRate, new CountRateValue(Timely, Opened)
            { SlaHours = context.Settings.ServiceResponseHours, Clock = context.Clock.Name });
        yield return (ServiceTicketsFamily.ServiceQualityPassRate, new CountRateValue(Passed, Checked));
        yield return (ServiceTicketsFamily.ServiceCompletionHours, new HoursValue(
            Statistics.Percentiles.Inclusive(CompletionHours, 0.5), Statistics.Percentiles.Inclusive(CompletionHours, 0.9), CompletionHours.Count));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi switch
    {
        ServiceTicketsFamily.ServiceTimelyResponseRate => new Proportion(Timely, Opened),
        ServiceTicketsFamily.ServiceQualityPassRate => new Proportion(Passed, Checked),
        _ => null,
    };
}
