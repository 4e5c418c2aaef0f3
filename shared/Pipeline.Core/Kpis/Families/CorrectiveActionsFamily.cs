using Pipeline.Records;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A corrective action raised where a figure fell short.</summary>
/// <param name="Id">The action id.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="DueDate">The local date it is due.</param>
/// <param name="Department">The department responsible.</param>
/// <param name="Kpi">The KPI it answers.</param>
/// <param name="Scope">company, department, region or employee.</param>
/// <param name="ScopeId">The scope's id.</param>
/// <param name="OwnerId">The employee who owns it.</param>
/// <param name="ClosedAt">When it was closed.</param>
/// <param name="Effective">Once closed: whether its effect was checked and found effective.</param>
public sealed record CorrectiveAction(
    string Id, DateTimeOffset RaisedAt, DateOnly DueDate, string Department, string? Kpi, string? Scope, string? ScopeId, string? OwnerId,
    DateTimeOffset? ClosedAt, bool? Effective);

/// <summary>An action and what is decided about it once: closed on or before its due date, closed before the cut-off.</summary>
/// <param name="Action">The action.</param>
/// <param name="ClosedInTime">Closed (local date) on or before its due date.</param>
/// <param name="ClosedByCutOff">Closed before the cut-off.</param>
public sealed record ActionFact(CorrectiveAction Action, bool ClosedInTime, bool ClosedByCutOff);

/// <summary>
/// Corrective actions followed until they work (CONTRACT §3): closed in time and found effective, over the actions due
/// in the period. An action counts toward the company, its department and its owner — not a region. Alerts list the
/// actions not closed in time, by due date, then id.
/// </summary>
public sealed class CorrectiveActionsFamily : KpiFamily<CorrectiveAction, ActionFact, CorrectiveActionsState, CorrectiveActionDetail>
{
    /// <summary>Actions due in the period closed (local date) on or before their due date / actions due (0–1), Wilson interval.</summary>
    public const string CorrectiveActionClosureRate = "correctiveActionClosureRate";

    /// <summary>Actions due in the period closed before the cut-off and found effective / those closed before the cut-off (0–1), Wilson interval.</summary>
    public const string CorrectiveActionEffectiveness = "correctiveActionEffectiveness";

    /// <summary>The corrective actions record kind.</summary>
    public static RecordKind<CorrectiveAction> Schema { get; } = new(
        "correctiveActions",
        [
            Id(), Of("raisedAt", FieldType.Timestamp, required: true), Of("dueDate", FieldType.Date, required: true),
            Text("department", required: true), Text("kpi"), Enum("scope", ["company", "department", "region", "employee"]), Text("scopeId"),
            Text("ownerId"), Text("description", maxLength: 2000), Of("closedAt", FieldType.Timestamp), Of("effective", FieldType.Boolean),
            Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "dueDate",
        v => new CorrectiveAction(
            v.Required<string>("id"), v.Required<DateTimeOffset>("raisedAt"), v.Required<DateOnly>("dueDate"), v.Required<string>("department"),
            v.Get<string>("kpi"), v.Get<string>("scope"), v.Get<string>("scopeId"), v.Get<string>("ownerId"), v.Optional<DateTimeOffset>("closedAt"),
            v.Optional<bool>("effective")),
        (values, error) => NotBefore(values, error, "closedAt", "raisedAt"),
        zonedRules: (values, error, zone) =>
        {
            if (values.TryGet<DateOnly>("dueDate", out var due) && values.TryGet<DateTimeOffset>("raisedAt", out var raised) &&
                due < zone.DateOf(raised))
            {
                error("dueDate", $"must not be before the local date of raisedAt ({zone.DateOf(raised):yyyy-MM-dd})");
            }
        });

    /// <inheritdoc />
    public override RecordKind<CorrectiveAction> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 1400;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(CorrectiveActionClosureRate, KpiFormat.PercentOfCounts, "整改措施按期关闭率", "Corrective actions closed in time", testable: true, alert: 0.9) with
        {
            ActionZh = "整改措施未按期关闭：逐项督办，明确负责人与完成时限。",
            ActionEn = "Corrective actions not closed in time: follow up each with its owner and a new date.",
        },
        Kpi(CorrectiveActionEffectiveness, KpiFormat.PercentOfCounts, "整改措施有效率", "Corrective action effectiveness", testable: true),
    ];

    /// <inheritdoc />
    protected override ActionFact Prepare(CorrectiveAction record, FoldContext context) =>
        new(record,
            record.ClosedAt is { } closed && context.Zone.DateOf(closed) <= record.DueDate,
            record.ClosedAt is { } closedAt && closedAt < context.CutOff);

    /// <inheritdoc />
    protected override ScopeRoute? Route(CorrectiveAction record, FoldContext context) => new(record.Department, null, record.OwnerId);
}

/// <summary>One scope's corrective actions.</summary>
public sealed class CorrectiveActionsState : FamilyState<ActionFact, CorrectiveActionsState>
{
    /// <summary>Due in the period.</summary>
    public long Due { get; set; }

    /// <summary>Closed on or before the due date.</summary>
    public long ClosedInTime { get; set; }

    /// <summary>Closed before the cut-off.</summary>
    public long Closed { get; set; }

    /// <summary>Closed before the cut-off and found effective.</summary>
    public long Effective { get; set; }

    /// <summary>Actions not closed in time, by due date, then id.</summary>
    public RankedList<DueAction> Late { get; set; } = new();

    /// <inheritdoc />
    public override void Add(ActionFact fact, FoldContext context)
    {
        Due++;
        if (fact.ClosedInTime)
        {
            ClosedInTime++;
        }
        else
        {
            Late.Add(new DueAction(fact.Action.DueDate, fact.Action.Id));
        }

        if (fact.ClosedByCutOff)
        {
            Closed++;
            Effective += fact.Action.Effective == true ? 1 : 0;
        }
    }

    /// <inheritdoc />
    public override void Merge(CorrectiveActionsState other)
    {
        Due += other.Due;
        ClosedInTime += other.ClosedInTime;
        Closed += other.Closed;
        Effective += other.Effective;
        Late.Merge(other.Late);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (CorrectiveActionsFamily.CorrectiveActionClosureRate, new CountRateValue(ClosedInTime, Due));
        yield return (CorrectiveActionsFamily.CorrectiveActionEffectiveness, new CountRateValue(Effective, Closed));
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) =>
        kpi == CorrectiveActionsFamily.CorrectiveActionClosureRate ? Late.Items.Select(a => a.Id).ToList() : [];
}

/// <summary>An action an alert lists; by due date, then id.</summary>
/// <param name="DueDate">The due date.</param>
/// <param name="Id">The action id.</param>
public sealed record DueAction(DateOnly DueDate, string Id) : IComparable<DueAction>
{
    /// <summary>By due date, then id (ordinal).</summary>
    public int CompareTo(DueAction? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byDate = DueDate.CompareTo(other.DueDate);
        return byDate != 0 ? byDate : string.CompareOrdinal(Id, other.Id);
    }
}

/// <summary>The corrective actions due in the period, for the reports' corrective-action loop (no descriptions: free text may name customers).</summary>
public sealed class CorrectiveActionDetail : FamilyDetail<ActionFact, CorrectiveActionDetail>
{
    /// <summary>The actions due in the period, by due date, then id.</summary>
    public RankedList<ActionLine> Actions { get; set; } = new();

    /// <inheritdoc />
    public override void Add(ActionFact fact, FoldContext context)
    {
        var a = fact.Action;
        Actions.Add(new ActionLine(a.DueDate, a.Id, a.Kpi, a.Scope, a.ScopeId, a.Department, a.OwnerId, context.Zone.DateOf(a.RaisedAt),
            a.ClosedAt is { } closed ? context.Zone.DateOf(closed) : null, fact.ClosedInTime, fact.ClosedByCutOff ? a.Effective : null));
    }

    /// <inheritdoc />
    public override void Merge(CorrectiveActionDetail other) => Actions.Merge(other.Actions);
}

/// <summary>A corrective action as the reports list it.</summary>
/// <param name="DueDate">Due date.</param>
/// <param name="Id">The action id.</param>
/// <param name="Kpi">The KPI it answers.</param>
/// <param name="Scope">The scope kind it answers.</param>
/// <param name="ScopeId">The scope id.</param>
/// <param name="Department">Responsible department.</param>
/// <param name="OwnerId">Owner.</param>
/// <param name="RaisedOn">Local date raised.</param>
/// <param name="ClosedOn">Local date closed.</param>
/// <param name="ClosedInTime">Closed on or before the due date.</param>
/// <param name="Effective">Found effective (null when not closed before the cut-off or not yet checked).</param>
public sealed record ActionLine(
    DateOnly DueDate, string Id, string? Kpi, string? Scope, string? ScopeId, string Department, string? OwnerId, DateOnly RaisedOn,
    DateOnly? ClosedOn, bool ClosedInTime, bool? Effective) : IComparable<ActionLine>
{
    /// <summary>By due date, then id (ordinal).</summary>
    public int CompareTo(ActionLine? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byDate = DueDate.CompareTo(other.DueDate);
        return byDate != 0 ? byDate : string.CompareOrdinal(Id, other.Id);
    }
}
