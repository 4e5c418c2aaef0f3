using Pipeline.Records;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A market-research task.</summary>
/// <param name="Id">The task id.</param>
/// <param name="PlannedDate">Planned local date.</param>
/// <param name="Title">Title.</param>
/// <param name="Department">Department; null takes the employee's, else <c>marketing</c>.</param>
/// <param name="EmployeeId">The employee, if any.</param>
/// <param name="CompletedDate">Local date it was completed.</param>
public sealed record ResearchTask(string Id, DateOnly PlannedDate, string? Title, string? Department, string? EmployeeId, DateOnly? CompletedDate);

/// <summary>
/// Research tasks completed as planned (CONTRACT §3): a task counts toward the company, its department (its own,
/// else its employee's, else <c>marketing</c>), its employee's region and its employee.
/// </summary>
public sealed class ResearchTasksFamily : KpiFamily<ResearchTask, bool, ResearchTasksState>
{
    /// <summary>Tasks planned in the period completed before the cut-off's date / planned (0–1), Wilson interval; null without tasks.</summary>
    public const string ResearchCompletionRate = "researchCompletionRate";

    /// <summary>The research tasks record kind.</summary>
    public static RecordKind<ResearchTask> Schema { get; } = new(
        "researchTasks",
        [
            Id(), Of("plannedDate", FieldType.Date, required: true), Text("title", maxLength: 500),
            Text("department"), Text("employeeId"), Of("completedDate", FieldType.Date),
        ],
        anchor: "plannedDate",
        v => new ResearchTask(
            v.Required<string>("id"), v.Required<DateOnly>("plannedDate"), v.Get<string>("title"), v.Get<string>("department"),
            v.Get<string>("employeeId"), v.Optional<DateOnly>("completedDate")));

    /// <inheritdoc />
    public override RecordKind<ResearchTask> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 700;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(ResearchCompletionRate, KpiFormat.PercentOfCounts, "市场调研完成率", "Research completion", testable: true),
    ];

    /// <inheritdoc />
    protected override bool Prepare(ResearchTask record, FoldContext context) => record.CompletedDate is { } done && done < context.CutOffDate;

    /// <inheritdoc />
    protected override ScopeRoute? Route(ResearchTask record, FoldContext context)
    {
        var employee = context.Employee(record.EmployeeId);
        return new ScopeRoute(record.Department ?? employee?.Department ?? "marketing", employee?.Region, record.EmployeeId);
    }
}

/// <summary>One scope's research tasks.</summary>
public sealed class ResearchTasksState : FamilyState<bool, ResearchTasksState>
{
    /// <summary>Planned.</summary>
    public long Planned { get; set; }

    /// <summary>Completed before the cut-off.</summary>
    public long Done { get; set; }

    /// <inheritdoc />
    public override void Add(bool fact, FoldContext context)
    {
        Planned++;
        Done += fact ? 1 : 0;
    }

    /// <inheritdoc />
    public override void Merge(ResearchTasksState other)
    {
        Planned += other.Planned;
        Done += other.Done;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (ResearchTasksFamily.ResearchCompletionRate, new CountRateValue(Done, Planned));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi == ResearchTasksFamily.ResearchCompletionRate ? new Proportion(Done, Planned) : null;
}
