namespace Pipeline.Kpis;

/// <summary>The KPI names of CONTRACT §3, in the contract's order.</summary>
public static class KpiNames
{
    /// <summary>Σ amount of sales.</summary>
    public const string SalesAmount = "salesAmount";
    /// <summary>salesAmount / target salesAmount.</summary>
    public const string SalesCompletionRate = "salesCompletionRate";
    /// <summary>Σ grossProfit of sales.</summary>
    public const string GrossProfit = "grossProfit";
    /// <summary>grossProfit / target grossProfit.</summary>
    public const string ProfitCompletionRate = "profitCompletionRate";
    /// <summary>Σ amount of sales of new products.</summary>
    public const string NewProductSales = "newProductSales";
    /// <summary>newProductSales / target newProductSales.</summary>
    public const string NewProductCompletionRate = "newProductCompletionRate";
    /// <summary>Distinct customers among sales marked newCustomer.</summary>
    public const string NewCustomers = "newCustomers";
    /// <summary>newCustomers / target newCustomers.</summary>
    public const string NewCustomerCompletionRate = "newCustomerCompletionRate";
    /// <summary>Σ expense amount.</summary>
    public const string ExpenseAmount = "expenseAmount";
    /// <summary>expenseAmount / target expenseBudget (lower is better).</summary>
    public const string ExpenseControlRate = "expenseControlRate";
    /// <summary>Complaints received, by category.</summary>
    public const string ComplaintsReceived = "complaintsReceived";
    /// <summary>Complaints resolved before the cut-off / received.</summary>
    public const string ComplaintResolutionRate = "complaintResolutionRate";
    /// <summary>Complaints answered within the SLA / received.</summary>
    public const string ComplaintTimelyResponseRate = "complaintTimelyResponseRate";
    /// <summary>Median (and p90) hours from receipt to resolution.</summary>
    public const string ComplaintResolutionHours = "complaintResolutionHours";
    /// <summary>Mean follow-up satisfaction (1–5) of complaints.</summary>
    public const string ComplaintFollowUpSatisfaction = "complaintFollowUpSatisfaction";
    /// <summary>Inquiries answered within the SLA / received.</summary>
    public const string InquiryTimelyReplyRate = "inquiryTimelyReplyRate";
    /// <summary>Service tickets responded to within the SLA / opened.</summary>
    public const string ServiceTimelyResponseRate = "serviceTimelyResponseRate";
    /// <summary>Tickets passing the quality check / checked.</summary>
    public const string ServiceQualityPassRate = "serviceQualityPassRate";
    /// <summary>Mean per-response satisfaction index (0–100) of periodic surveys.</summary>
    public const string SatisfactionIndex = "satisfactionIndex";
    /// <summary>Mean score (1–5) of each dimension over periodic surveys.</summary>
    public const string SatisfactionByDimension = "satisfactionByDimension";
    /// <summary>Responses with overall ≥ 4 / responses with overall.</summary>
    public const string CsatRate = "csatRate";
    /// <summary>Net Promoter Score (−100…100).</summary>
    public const string Nps = "nps";
    /// <summary>Cronbach's α of the four dimensions.</summary>
    public const string CronbachAlpha = "cronbachAlpha";
    /// <summary>Mean per-response satisfaction index of follow-up surveys.</summary>
    public const string FollowUpSatisfactionIndex = "followUpSatisfactionIndex";
    /// <summary>Research tasks completed before the cut-off / planned.</summary>
    public const string ResearchCompletionRate = "researchCompletionRate";
    /// <summary>Mean campaign score (0–100) of campaigns starting in the period.</summary>
    public const string CampaignEffectiveness = "campaignEffectiveness";

    /// <summary>Every KPI, in contract order; every scope carries each of them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SalesAmount, SalesCompletionRate, GrossProfit, ProfitCompletionRate, NewProductSales, NewProductCompletionRate,
        NewCustomers, NewCustomerCompletionRate, ExpenseAmount, ExpenseControlRate, ComplaintsReceived,
        ComplaintResolutionRate, ComplaintTimelyResponseRate, ComplaintResolutionHours, ComplaintFollowUpSatisfaction,
        InquiryTimelyReplyRate, ServiceTimelyResponseRate, ServiceQualityPassRate, SatisfactionIndex,
        SatisfactionByDimension, CsatRate, Nps, CronbachAlpha, FollowUpSatisfactionIndex, ResearchCompletionRate,
        CampaignEffectiveness,
    ];

    /// <summary>KPIs where a lower value is better (an alert threshold on them is a ceiling).</summary>
    public static IReadOnlySet<string> LowerIsBetter { get; } = new HashSet<string> { ExpenseControlRate, ComplaintResolutionHours };
}
