using System.Text.Json.Serialization;
using Pipeline.Kpis;

namespace Pipeline.Assessment;

/// <summary>The result of one assessment run (CONTRACT §4), as returned and published.</summary>
public sealed record AssessmentResult
{
    /// <summary><c>yyyy-MM</c>, <c>yyyy-Qn</c> or <c>yyyy</c>.</summary>
    public required string Period { get; init; }

    /// <summary><c>monthly</c>, <c>quarterly</c> or <c>annual</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The company time zone the period was cut in.</summary>
    public required string TimeZone { get; init; }

    /// <summary>This run's id.</summary>
    public required string RunId { get; init; }

    /// <summary>When the run computed the figures.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>
    /// The instant before which resolutions and completions count: the period's end plus grace days, or for a provisional
    /// run the instant it ran at.
    /// </summary>
    public required DateTimeOffset CutOff { get; init; }

    /// <summary>
    /// True when the period had not ended when the run started: the figures are to date (up to <see cref="CutOff"/>), are
    /// never announced, and the first final run supersedes them. False for a final result.
    /// </summary>
    public required bool Provisional { get; init; }

    /// <summary>The period this one is compared with for changes.</summary>
    public string? ComparedWith { get; init; }

    /// <summary>Records read, by kind.</summary>
    public required IReadOnlyDictionary<string, long> Inputs { get; init; }

    /// <summary>The company, then departments, regions and employees, each by id.</summary>
    public required IReadOnlyList<ScopeResult> Scopes { get; init; }

    /// <summary>KPIs past their alert thresholds, with the records behind them.</summary>
    public required IReadOnlyList<Alert> Alerts { get; init; }

    /// <summary>The best department and each department's best employee, when graded A.</summary>
    public IReadOnlyList<AwardEntry> Awards { get; init; } = [];

    /// <summary>Paths of the published reports (inside the <c>reports</c> container).</summary>
    public IReadOnlyList<string> Reports { get; init; } = [];
}

/// <summary>One scope's KPIs and scorecard.</summary>
public sealed record ScopeResult
{
    /// <summary><c>company</c>, <c>department</c>, <c>region</c> or <c>employee</c>.</summary>
    public required string Scope { get; init; }

    /// <summary>The scope's id.</summary>
    public required string Id { get; init; }

    /// <summary>A display name (an employee's name from master data; otherwise the id).</summary>
    public required string Name { get; init; }

    /// <summary>For an employee: the department (master data) whose scorecard and ranking apply.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Department { get; init; }

    /// <summary>For an employee: the region from master data.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Region { get; init; }

    /// <summary>Every KPI of CONTRACT §3, by name.</summary>
    public required IReadOnlyDictionary<string, KpiValue> Kpis { get; init; }

    /// <summary>Scorecard score 0–100 (departments and employees); null when no scorecard KPI has a value.</summary>
    public double? Score { get; init; }

    /// <summary>A, B, C or D; null with the score.</summary>
    public string? Grade { get; init; }

    /// <summary>1-based rank among departments, or among the employees of a department; null when unscored.</summary>
    public int? Rank { get; init; }

    /// <summary>How the score was made, one line per configured KPI; null for a scope without a scorecard.</summary>
    public IReadOnlyList<ScorecardLine>? Scorecard { get; init; }

    /// <summary>The bonus coefficient of the grade (<c>Bonus:Coefficients:{grade}</c>); null without a grade.</summary>
    public double? BonusCoefficient { get; init; }
}

/// <summary>A KPI past its threshold for a scope, with the records a manager acts on.</summary>
/// <param name="Scope">The scope kind.</param>
/// <param name="Id">The scope id.</param>
/// <param name="Kpi">The KPI.</param>
/// <param name="Value">Its value.</param>
/// <param name="Threshold">The threshold it is below (or above, for lower-is-better KPIs).</param>
/// <param name="Direction"><c>below</c> or <c>above</c>.</param>
/// <param name="Records">Ids of the records behind it: unresolved or late complaints, lowest responses, largest expenses.</param>
public sealed record Alert(string Scope, string Id, string Kpi, double Value, double Threshold, string Direction, IReadOnlyList<string> Records)
{
    /// <summary>Whether the figure is from fewer than <c>Alerts:MinSample</c> observations.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? SmallSample { get; init; }
}
