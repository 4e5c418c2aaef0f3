using Pipeline.Kpis.Families;

namespace Pipeline.Kpis;

/// <summary>Everything that changes how an assessment is computed (CONTRACT §3 and §7), with the contract's defaults.</summary>
public sealed record AssessmentSettings
{
    /// <summary>Days after the period's end during which resolutions and completions still count (<c>Sla:GraceDays</c>).</summary>
    public int GraceDays { get; init; }

    /// <summary>Complaint first-response SLA in hours (<c>Sla:ComplaintResponseHours</c>).</summary>
    public double ComplaintResponseHours { get; init; } = 24;

    /// <summary>Inquiry first-reply SLA in hours (<c>Sla:InquiryReplyHours</c>).</summary>
    public double InquiryReplyHours { get; init; } = 4;

    /// <summary>Service-ticket response SLA in hours (<c>Sla:ServiceResponseHours</c>).</summary>
    public double ServiceResponseHours { get; init; } = 24;

    /// <summary>When set, SLAs are counted in working hours on this calendar (<c>Sla:BusinessHours</c>).</summary>
    public BusinessHours? BusinessHours { get; init; }

    /// <summary>Weights of the survey dimensions in the per-response index (<c>Satisfaction:Weights</c>).</summary>
    public IReadOnlyDictionary<string, double> SatisfactionWeights { get; init; } = new Dictionary<string, double>
    {
        [SurveysFamily.Dimensions[0]] = 0.35, [SurveysFamily.Dimensions[1]] = 0.35, [SurveysFamily.Dimensions[2]] = 0.15,
        [SurveysFamily.Dimensions[3]] = 0.15,
    };

    /// <summary>The scorecard (<c>Scorecard</c>).</summary>
    public ScorecardSettings Scorecard { get; init; } = ScorecardSettings.Default;

    /// <summary>Alert thresholds by KPI (<c>Alerts:{kpi}</c>): a floor, or a ceiling for KPIs where lower is better.</summary>
    public IReadOnlyDictionary<string, double> AlertThresholds { get; init; } = KpiCatalog.Kpis
        .Where(k => k.DefaultAlert is not null)
        .ToDictionary(k => k.Name, k => k.DefaultAlert!.Value, StringComparer.Ordinal);

    /// <summary>Bonus coefficient by grade (<c>Bonus:Coefficients:{grade}</c>).</summary>
    public IReadOnlyDictionary<string, double> BonusCoefficients { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["A"] = 1.2, ["B"] = 1.0, ["C"] = 0.8, ["D"] = 0.5,
    };

    /// <summary>The fine for each substantiated service complaint, company currency (<c>Penalties:ServiceComplaintFine</c>; the company's rule allows 20–100).</summary>
    public decimal ServiceComplaintFine { get; init; } = 50;

    /// <summary>Figures from fewer observations than this are marked as small samples (<c>Alerts:MinSample</c>).</summary>
    public int MinSample { get; init; } = 30;

    /// <summary>How many records an alert lists where it lists the worst ones (lowest responses, largest expenses).</summary>
    public int AlertRecordLimit { get; init; } = 10;
}

/// <summary>One KPI of a department's scorecard.</summary>
/// <param name="Kpi">The KPI name.</param>
/// <param name="Weight">Its weight (renormalised over the KPIs that have a value).</param>
/// <param name="Goal">The value that earns full points.</param>
/// <param name="LowerIsBetter">Whether lower values are better (points = 100 · min(1, goal / value)).</param>
public sealed record ScorecardEntry(string Kpi, double Weight, double Goal, bool LowerIsBetter = false);

/// <summary>The scorecard: a KPI list per department, and the grade thresholds.</summary>
/// <param name="Departments">Department id → its KPI list; an employee uses the list of their department.</param>
/// <param name="GradeA">Lowest score graded A.</param>
/// <param name="GradeB">Lowest score graded B.</param>
/// <param name="GradeC">Lowest score graded C (below it: D).</param>
public sealed record ScorecardSettings(
    IReadOnlyDictionary<string, IReadOnlyList<ScorecardEntry>> Departments, double GradeA = 90, double GradeB = 75, double GradeC = 60)
{
    /// <summary>The contract's default scorecard.</summary>
    public static ScorecardSettings Default { get; } = new(new Dictionary<string, IReadOnlyList<ScorecardEntry>>
    {
        // CONTRACT §3's default scorecard.
        ["sales"] =
        [
            new(SalesFamily.SalesCompletionRate, 0.4, 1.0), new(ReceivablesFamily.CollectionRate, 0.15, 0.95),
            new(SalesFamily.NewCustomerCompletionRate, 0.1, 1.0),
            new(SurveysFamily.SatisfactionIndex, 0.15, 85), new(KeyCustomerCoverageFamily.KeyCustomerCoverage, 0.05, 1.0),
            new(CustomerFilesFamily.CustomerFileCompleteness, 0.05, 1.0), new(ExpensesFamily.ExpenseControlRate, 0.1, 1.0, LowerIsBetter: true),
        ],
        ["service"] =
        [
            new(ComplaintsFamily.ComplaintResolutionRate, 0.2, 0.95), new(ComplaintsFamily.ComplaintTimelyResponseRate, 0.15, 0.9),
            new(ServiceTicketsFamily.ServiceTimelyResponseRate, 0.15, 0.9), new(ServiceTicketsFamily.ServiceQualityPassRate, 0.1, 0.95),
            new(InquiriesFamily.InquiryTimelyReplyRate, 0.1, 0.9), new(ComplaintsFamily.ComplaintFollowUpSatisfaction, 0.15, 4.5),
            new(CorrectiveActionsFamily.CorrectiveActionClosureRate, 0.05, 1.0), new(PeerReviewsFamily.CoordinationScore, 0.1, 4.5),
        ],
        ["marketing"] =
        [
            new(ResearchTasksFamily.ResearchCompletionRate, 0.25, 1.0), new(CampaignsFamily.CampaignEffectiveness, 0.25, 80),
            new(SurveysFamily.SatisfactionIndex, 0.2, 85), new(PeerReviewsFamily.CoordinationScore, 0.1, 4.5),
            new(ExpensesFamily.ExpenseControlRate, 0.2, 1.0, LowerIsBetter: true),
        ],
    });
}
