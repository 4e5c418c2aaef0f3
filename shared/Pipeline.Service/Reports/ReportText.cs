using System.Globalization;
using Pipeline.Kpis;

namespace Pipeline.Reports;

/// <summary>
/// The words of the reports in one language: Chinese (<c>zh-CN</c>, the default of <c>Reports:Culture</c>) or
/// English (<c>en</c>). A page uses one instance only, so no page mixes the two.
/// </summary>
public sealed class ReportText
{
    private readonly Dictionary<string, string> _words;

    private ReportText(string culture, Dictionary<string, string> words)
    {
        Culture = CultureInfo.GetCultureInfo(culture);
        _words = words;
    }

    /// <summary>The culture numbers and dates are formatted in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The HTML <c>lang</c> value.</summary>
    public string Lang => Culture.Name;

    /// <summary>Every word of this language (for tests that no page mixes languages).</summary>
    public IEnumerable<string> Words => _words.Values;

    /// <summary>Whether this is the English text.</summary>
    public bool IsEnglish => Culture.TwoLetterISOLanguageName == "en";

    /// <summary>The word for <paramref name="key"/> (a KPI name, a scope kind or a label); the key itself when unknown.</summary>
    public string this[string key] => _words.TryGetValue(key, out var word) ? word : key;

    /// <summary>Chinese.</summary>
    public static ReportText Chinese { get; } = new("zh-CN", new(StringComparer.Ordinal)
    {
        [KpiNames.SalesAmount] = "销售额", [KpiNames.SalesCompletionRate] = "销售完成率", [KpiNames.GrossProfit] = "毛利",
        [KpiNames.ProfitCompletionRate] = "利润完成率", [KpiNames.NewProductSales] = "新产品销售额", [KpiNames.NewProductCompletionRate] = "新产品完成率",
        [KpiNames.NewCustomers] = "新客户数", [KpiNames.NewCustomerCompletionRate] = "新客户完成率", [KpiNames.ExpenseAmount] = "费用",
        [KpiNames.ExpenseControlRate] = "费用控制率", [KpiNames.ComplaintsReceived] = "投诉受理数", [KpiNames.ComplaintResolutionRate] = "投诉解决率",
        [KpiNames.ComplaintTimelyResponseRate] = "投诉及时响应率", [KpiNames.ComplaintResolutionHours] = "投诉解决时长（小时）",
        [KpiNames.ComplaintFollowUpSatisfaction] = "投诉回访满意度", [KpiNames.InquiryTimelyReplyRate] = "咨询及时答复率",
        [KpiNames.ServiceTimelyResponseRate] = "服务及时响应率", [KpiNames.ServiceQualityPassRate] = "服务质量合格率",
        [KpiNames.SatisfactionIndex] = "客户满意度指数", [KpiNames.SatisfactionByDimension] = "分项满意度", [KpiNames.CsatRate] = "满意率（CSAT）",
        [KpiNames.Nps] = "净推荐值（NPS）", [KpiNames.CronbachAlpha] = "信度（Cronbach α）", [KpiNames.FollowUpSatisfactionIndex] = "回访满意度指数",
        [KpiNames.ResearchCompletionRate] = "市场调研完成率", [KpiNames.CampaignEffectiveness] = "推广活动效果",
        ["productQuality"] = "产品质量", ["serviceQuality"] = "服务质量", ["price"] = "价格", ["credit"] = "企业信誉", ["overall"] = "总体评价", ["recommend"] = "推荐意愿",
        ["company"] = "公司", ["department"] = "部门", ["region"] = "区域", ["employee"] = "员工",
        ["monthly"] = "月度", ["annual"] = "年度",
        ["assessmentTitle"] = "营销与客户服务考核报告", ["satisfactionTitle"] = "客户满意度调查分析报告", ["complaintTitle"] = "客户投诉分析报告",
        ["period"] = "考核期", ["generatedAt"] = "生成时间", ["runId"] = "运行编号", ["timeZone"] = "时区", ["cutOff"] = "截止时间",
        ["overview"] = "概览", ["scorecards"] = "考核评分", ["rankings"] = "排名", ["kpiTables"] = "指标明细", ["trends"] = "近12个月趋势", ["alerts"] = "预警",
        ["score"] = "得分", ["grade"] = "等级", ["rank"] = "名次", ["name"] = "名称", ["id"] = "编号", ["value"] = "数值", ["numerator"] = "分子",
        ["denominator"] = "分母", ["interval"] = "95% 置信区间", ["n"] = "样本数", ["change"] = "环比变化", ["significant"] = "显著变化",
        ["notSignificant"] = "变化不显著", ["smallSample"] = "小样本", ["threshold"] = "阈值", ["records"] = "相关记录", ["kpi"] = "指标",
        ["scope"] = "范围", ["below"] = "低于", ["above"] = "高于", ["none"] = "无", ["noData"] = "无数据", ["responses"] = "样本量",
        ["followUpResponses"] = "回访问卷", ["distribution"] = "评分分布", ["byRegion"] = "按区域", ["byProduct"] = "按产品", ["lowestAreas"] = "得分最低的方面",
        ["reliability"] = "信度", ["comments"] = "低分客户意见", ["correctiveActions"] = "整改措施", ["byCategory"] = "按类别", ["bySeverity"] = "按严重程度",
        ["responseTimes"] = "首次响应时长分布", ["resolutionTimes"] = "解决时长分布", ["unresolved"] = "未解决投诉", ["late"] = "超时响应投诉",
        ["repeatComplainants"] = "重复投诉客户", ["received"] = "受理", ["resolved"] = "已解决", ["timely"] = "及时响应", ["customer"] = "客户",
        ["complaints"] = "投诉", ["category"] = "类别", ["product"] = "产品", ["severity"] = "严重程度", ["handler"] = "处理人",
        ["receivedAt"] = "受理时间", ["firstResponseAt"] = "首次响应", ["resolvedAt"] = "解决时间", ["quality"] = "质量投诉", ["service"] = "服务投诉",
        ["low"] = "低", ["normal"] = "一般", ["high"] = "高", ["hours"] = "小时", ["noResponse"] = "未响应", ["more"] = "以上",
        ["index"] = "满意度指数", ["comment"] = "意见", ["portalTitle"] = "考核报告门户", ["downloads"] = "下载", ["latestRun"] = "最新运行",
        ["otherLanguage"] = "English", ["headline"] = "主要指标", ["runs"] = "历史运行", ["noReports"] = "尚无报告：运行一次考核后在此查看。",
        ["action.satisfactionIndex"] = "满意度低于要求：分析低分意见，制定并落实整改措施，下月跟踪复查。",
        ["action.complaintResolutionRate"] = "投诉解决率不达标：逐条跟进未解决投诉，明确责任部门与完成时限。",
        ["action.complaintTimelyResponseRate"] = "投诉响应不及时：检查受理与转交流程，保证在时限内首次答复客户。",
        ["action.salesCompletionRate"] = "销售未完成计划：分析差距原因，调整营销策略与资源。",
        ["action.expenseControlRate"] = "费用超出预算：审查大额费用，严格费用审批。",
        ["amount"] = "金额", ["date"] = "日期", ["kind"] = "类型", ["lowestResponses"] = "低分问卷", ["largestExpenses"] = "大额费用",
    });

    /// <summary>English.</summary>
    public static ReportText English { get; } = new("en", new(StringComparer.Ordinal)
    {
        [KpiNames.SalesAmount] = "Sales", [KpiNames.SalesCompletionRate] = "Sales completion", [KpiNames.GrossProfit] = "Gross profit",
        [KpiNames.ProfitCompletionRate] = "Profit completion", [KpiNames.NewProductSales] = "New-product sales", [KpiNames.NewProductCompletionRate] = "New-product completion",
        [KpiNames.NewCustomers] = "New customers", [KpiNames.NewCustomerCompletionRate] = "New-customer completion", [KpiNames.ExpenseAmount] = "Expenses",
        [KpiNames.ExpenseControlRate] = "Expense control", [KpiNames.ComplaintsReceived] = "Complaints received", [KpiNames.ComplaintResolutionRate] = "Complaint resolution",
        [KpiNames.ComplaintTimelyResponseRate] = "Timely complaint response", [KpiNames.ComplaintResolutionHours] = "Complaint resolution time (h)",
        [KpiNames.ComplaintFollowUpSatisfaction] = "Complaint follow-up satisfaction", [KpiNames.InquiryTimelyReplyRate] = "Timely inquiry reply",
        [KpiNames.ServiceTimelyResponseRate] = "Timely service response", [KpiNames.ServiceQualityPassRate] = "Service quality pass rate",
        [KpiNames.SatisfactionIndex] = "Satisfaction index", [KpiNames.SatisfactionByDimension] = "Satisfaction by dimension", [KpiNames.CsatRate] = "CSAT",
        [KpiNames.Nps] = "Net Promoter Score", [KpiNames.CronbachAlpha] = "Reliability (Cronbach's α)", [KpiNames.FollowUpSatisfactionIndex] = "Follow-up satisfaction index",
        [KpiNames.ResearchCompletionRate] = "Research completion", [KpiNames.CampaignEffectiveness] = "Campaign effectiveness",
        ["productQuality"] = "Product quality", ["serviceQuality"] = "Service quality", ["price"] = "Price", ["credit"] = "Credit", ["overall"] = "Overall", ["recommend"] = "Would recommend",
        ["company"] = "Company", ["department"] = "Department", ["region"] = "Region", ["employee"] = "Employee",
        ["monthly"] = "Monthly", ["annual"] = "Annual",
        ["assessmentTitle"] = "Marketing and customer-service assessment", ["satisfactionTitle"] = "Customer satisfaction survey analysis", ["complaintTitle"] = "Complaint analysis",
        ["period"] = "Period", ["generatedAt"] = "Generated", ["runId"] = "Run", ["timeZone"] = "Time zone", ["cutOff"] = "Cut-off",
        ["overview"] = "Overview", ["scorecards"] = "Scorecards", ["rankings"] = "Rankings", ["kpiTables"] = "KPI tables", ["trends"] = "12-month trends", ["alerts"] = "Alerts",
        ["score"] = "Score", ["grade"] = "Grade", ["rank"] = "Rank", ["name"] = "Name", ["id"] = "Id", ["value"] = "Value", ["numerator"] = "Numerator",
        ["denominator"] = "Denominator", ["interval"] = "95% interval", ["n"] = "n", ["change"] = "Change", ["significant"] = "significant change",
        ["notSignificant"] = "change not significant", ["smallSample"] = "small sample", ["threshold"] = "Threshold", ["records"] = "Records", ["kpi"] = "KPI",
        ["scope"] = "Scope", ["below"] = "below", ["above"] = "above", ["none"] = "none", ["noData"] = "no data", ["responses"] = "Responses",
        ["followUpResponses"] = "Follow-up responses", ["distribution"] = "Distribution of scores", ["byRegion"] = "By region", ["byProduct"] = "By product", ["lowestAreas"] = "Lowest-scoring areas",
        ["reliability"] = "Reliability", ["comments"] = "Comments of the lowest scorers", ["correctiveActions"] = "Corrective actions", ["byCategory"] = "By category", ["bySeverity"] = "By severity",
        ["responseTimes"] = "First-response times", ["resolutionTimes"] = "Resolution times", ["unresolved"] = "Unresolved complaints", ["late"] = "Late complaints",
        ["repeatComplainants"] = "Repeat complainants", ["received"] = "Received", ["resolved"] = "Resolved", ["timely"] = "Timely", ["customer"] = "Customer",
        ["complaints"] = "Complaints", ["category"] = "Category", ["product"] = "Product", ["severity"] = "Severity", ["handler"] = "Handler",
        ["receivedAt"] = "Received", ["firstResponseAt"] = "First response", ["resolvedAt"] = "Resolved", ["quality"] = "Quality", ["service"] = "Service",
        ["low"] = "Low", ["normal"] = "Normal", ["high"] = "High", ["hours"] = "hours", ["noResponse"] = "no response", ["more"] = "more",
        ["index"] = "Index", ["comment"] = "Comment", ["portalTitle"] = "Assessment reports", ["downloads"] = "Downloads", ["latestRun"] = "Latest run",
        ["otherLanguage"] = "中文", ["headline"] = "Headline KPIs", ["runs"] = "Runs", ["noReports"] = "No reports yet: run an assessment and they appear here.",
        ["action.satisfactionIndex"] = "Satisfaction below the required level: analyse the low-score comments, agree corrective actions and check them next month.",
        ["action.complaintResolutionRate"] = "Resolution rate below target: follow up every unresolved complaint with an owner and a deadline.",
        ["action.complaintTimelyResponseRate"] = "Late responses: review how complaints are received and handed over so customers are answered in time.",
        ["action.salesCompletionRate"] = "Sales below plan: analyse the causes of the gap and adjust the marketing plan.",
        ["action.expenseControlRate"] = "Expenses above budget: review the largest expenses and tighten approval.",
        ["amount"] = "Amount", ["date"] = "Date", ["kind"] = "Kind", ["lowestResponses"] = "Lowest-scoring responses", ["largestExpenses"] = "Largest expenses",
    });

    /// <summary>The text for a culture name: English for <c>en*</c>, Chinese otherwise.</summary>
    public static ReportText For(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;

    /// <summary>A number as a percentage (a fraction 1.0 = 100 %), one decimal.</summary>
    public string Percent(double? value) => value is { } v ? v.ToString("P1", Culture) : "—";

    /// <summary>A number with <paramref name="decimals"/> decimals.</summary>
    public string Number(double? value, int decimals = 1) => value is { } v ? v.ToString("N" + decimals, Culture) : "—";

    /// <summary>An amount of money, two decimals.</summary>
    public string Money(decimal value) => value.ToString("N2", Culture);
}
