using System.Globalization;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Time;

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

    /// <summary>Every word of this language, KPI labels and actions included (for tests that no page mixes languages).</summary>
    public IEnumerable<string> Words => _words.Values
        .Concat(KpiCatalog.Kpis.Select(k => IsEnglish ? k.LabelEn : k.LabelZh))
        .Concat(KpiCatalog.Kpis.Select(k => IsEnglish ? k.ActionEn : k.ActionZh).OfType<string>());

    /// <summary>Whether this is the English text.</summary>
    public bool IsEnglish => Culture.TwoLetterISOLanguageName == "en";

    /// <summary>
    /// The word for <paramref name="key"/>: a KPI's label from the catalogue, <c>action.{kpi}</c> for the corrective action
    /// suggested beside its alert, or a word of this language (a scope kind, a heading); the key itself when unknown.
    /// </summary>
    public string this[string key]
    {
        get
        {
            if (KpiCatalog.Find(key) is { } kpi)
            {
                return IsEnglish ? kpi.LabelEn : kpi.LabelZh;
            }

            if (key.StartsWith("action.", StringComparison.Ordinal) && KpiCatalog.Find(key["action.".Length..]) is { } alerted)
            {
                return (IsEnglish ? alerted.ActionEn : alerted.ActionZh) ?? key;
            }

            return _words.TryGetValue(key, out var word) ? word : key;
        }
    }

    /// <summary>Chinese.</summary>
    public static ReportText Chinese { get; } = new("zh-CN", new(StringComparer.Ordinal)
    {
        ["productQuality"] = "产品质量", ["serviceQuality"] = "服务质量", ["price"] = "价格", ["credit"] = "企业信誉", ["overall"] = "总体评价", ["recommend"] = "推荐意愿",
        ["company"] = "公司", ["department"] = "部门", ["region"] = "区域", ["employee"] = "员工",
        ["monthly"] = "月度", ["quarterly"] = "季度", ["annual"] = "年度",
        ["provisional"] = "暂定", ["monthToDate"] = "月初至今", ["quarterToDate"] = "季初至今", ["yearToDate"] = "年初至今",
        ["provisionalNotice"] = "{0} 尚未结束：本报告为暂定结果（{1}），只计入截至 {2}（{4}）的记录，目标按整期计。该期于 {3} 结束后的首次正式考核将取代本报告；请勿据此评定等级或发放奖金。",
        ["provisionalPortal"] = "暂定结果（{0}），记录截至 {1}；该期结束后的首次正式考核将取代它。",
        ["assessmentTitle"] = "营销与客户服务考核报告", ["satisfactionTitle"] = "客户满意度调查分析报告", ["complaintTitle"] = "客户投诉分析报告",
        ["period"] = "考核期", ["generatedAt"] = "生成时间", ["runId"] = "运行编号", ["timeZone"] = "时区", ["cutOff"] = "截止时间",
        ["pageOf"] = "第 {0} 页，共 {1} 页",
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
        ["bonusCoefficient"] = "奖金系数", ["awards"] = "本期表彰", ["bestEmployee"] = "优秀员工", ["bestDepartment"] = "优秀部门",
        ["scoreMade"] = "得分构成", ["goal"] = "目标值", ["weight"] = "权重", ["points"] = "得分点", ["appliedWeight"] = "实际权重",
        ["actionsDue"] = "本期到期的整改措施", ["owner"] = "负责人", ["raisedOn"] = "提出日期", ["dueDate"] = "到期日", ["closedOn"] = "关闭日期",
        ["state"] = "状态", ["noAction"] = "尚无整改措施", ["open"] = "未关闭", ["closedInTime"] = "按期关闭", ["closedLate"] = "逾期关闭",
        ["effective"] = "有效", ["notEffective"] = "无效",
        ["customerTitle"] = "客户档案与走访分析报告", ["fileAudit"] = "客户档案审查", ["keeper"] = "档案管理人", ["files"] = "档案数",
        ["incomplete"] = "不完整档案", ["unapproved"] = "未审批档案", ["notCurrent"] = "交易后未更新档案", ["missingParts"] = "缺项",
        ["hasLegalDocs"] = "营业执照与税务登记", ["hasContacts"] = "联系人", ["hasCreditInfo"] = "资信情况", ["hasProductionInfo"] = "生产经营情况",
        ["hasTradeHistory"] = "交易记录", ["approved"] = "已审批", ["updatedOn"] = "最近更新", ["coverage"] = "重点客户走访覆盖",
        ["visited"] = "已走访", ["keyCustomers"] = "重点客户", ["byKeeper"] = "按档案管理人", ["visitsByType"] = "按走访类型",
        ["routine"] = "例行走访", ["holiday"] = "节日走访", ["usageTracking"] = "使用情况跟踪", ["returnVisit"] = "回访", ["complaintFollowUp"] = "投诉回访",
        ["byGrade"] = "按客户等级", ["customerFiles"] = "客户档案", ["count"] = "数量", ["yes"] = "是", ["no"] = "否",
        ["amount"] = "金额", ["date"] = "日期", ["kind"] = "类型", ["lowestResponses"] = "低分问卷", ["largestExpenses"] = "大额费用",
        ["1-30"] = "1–30 天", ["31-90"] = "31–90 天", ["91+"] = "91 天以上", ["receivables"] = "应收账款与回款", ["collected"] = "已回款",
        ["overdueByAge"] = "逾期账龄", ["deductions"] = "担保扣款", ["guarantor"] = "担保人", ["deductionDate"] = "扣款日", ["balance"] = "余额",
        ["guaranteeAmount"] = "担保金额", ["deduction"] = "扣款额", ["noDeductions"] = "本期无担保扣款", ["listedOf"] = "显示前 {0} 条，共 {1} 条；完整清单见", ["list"] = "清单", ["fines"] = "罚款（按责任人）",
        ["substantiated"] = "属实投诉", ["serviceSubstantiated"] = "属实服务投诉", ["fine"] = "罚款", ["noFines"] = "本期无罚款",
        ["noScorecard"] = "该范围不参与评分（无评分表）。", ["droppedOut"] = "无数据，不计", ["contribution"] = "得分贡献", ["trend12"] = "近 12 期趋势",
        ["scoreRule"] = "得分 = Σ 各项得分 × 实际权重；无数据的指标不计入，其余权重按比例放大。等级：A ≥ {0}，B ≥ {1}，C ≥ {2}，其余为 D；奖金系数由等级决定。",
        ["provisionalNote"] = "本期尚未结束：以下为截至目前的临时结果，期末将由正式结果取代。", ["scopePage"] = "评分明细",
    });

    /// <summary>English.</summary>
    public static ReportText English { get; } = new("en", new(StringComparer.Ordinal)
    {
        ["productQuality"] = "Product quality", ["serviceQuality"] = "Service quality", ["price"] = "Price", ["credit"] = "Credit", ["overall"] = "Overall", ["recommend"] = "Would recommend",
        ["company"] = "Company", ["department"] = "Department", ["region"] = "Region", ["employee"] = "Employee",
        ["monthly"] = "Monthly", ["quarterly"] = "Quarterly", ["annual"] = "Annual",
        ["provisional"] = "Provisional", ["monthToDate"] = "month to date", ["quarterToDate"] = "quarter to date", ["yearToDate"] = "year to date",
        ["provisionalNotice"] = "{0} has not ended: this is a provisional result ({1}), counting the records up to {2} ({4}) against the whole period's targets. " +
            "The first final run after the period ends at {3} supersedes it; do not use it for grades or bonuses.",
        ["provisionalPortal"] = "Provisional ({0}), records up to {1}; the first final run after the period ends supersedes it.",
        ["assessmentTitle"] = "Marketing and customer-service assessment", ["satisfactionTitle"] = "Customer satisfaction survey analysis", ["complaintTitle"] = "Complaint analysis",
        ["period"] = "Period", ["generatedAt"] = "Generated", ["runId"] = "Run", ["timeZone"] = "Time zone", ["cutOff"] = "Cut-off",
        ["pageOf"] = "Page {0} of {1}",
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
        ["bonusCoefficient"] = "Bonus coefficient", ["awards"] = "Awards", ["bestEmployee"] = "Best employee", ["bestDepartment"] = "Best department",
        ["scoreMade"] = "How the score was made", ["goal"] = "Goal", ["weight"] = "Weight", ["points"] = "Points", ["appliedWeight"] = "Applied weight",
        ["actionsDue"] = "Corrective actions due in the period", ["owner"] = "Owner", ["raisedOn"] = "Raised", ["dueDate"] = "Due", ["closedOn"] = "Closed",
        ["state"] = "State", ["noAction"] = "no corrective action yet", ["open"] = "open", ["closedInTime"] = "closed in time", ["closedLate"] = "closed late",
        ["effective"] = "effective", ["notEffective"] = "not effective",
        ["customerTitle"] = "Customer files and visits analysis", ["fileAudit"] = "Customer file audit", ["keeper"] = "Keeper", ["files"] = "Files",
        ["incomplete"] = "Incomplete files", ["unapproved"] = "Files not approved", ["notCurrent"] = "Files not brought up to date after trading", ["missingParts"] = "Missing parts",
        ["hasLegalDocs"] = "Licence and tax registration", ["hasContacts"] = "Contacts", ["hasCreditInfo"] = "Credit information", ["hasProductionInfo"] = "Production information",
        ["hasTradeHistory"] = "Trade history", ["approved"] = "Approved", ["updatedOn"] = "Last updated", ["coverage"] = "Key-customer visit coverage",
        ["visited"] = "Visited", ["keyCustomers"] = "Key customers", ["byKeeper"] = "By keeper", ["visitsByType"] = "Visits by type",
        ["routine"] = "Routine", ["holiday"] = "Holiday", ["usageTracking"] = "Usage tracking", ["returnVisit"] = "Return visit", ["complaintFollowUp"] = "Complaint follow-up",
        ["byGrade"] = "By customer grade", ["customerFiles"] = "Customer files", ["count"] = "Count", ["yes"] = "yes", ["no"] = "no",
        ["amount"] = "Amount", ["date"] = "Date", ["kind"] = "Kind", ["lowestResponses"] = "Lowest-scoring responses", ["largestExpenses"] = "Largest expenses",
        ["1-30"] = "1–30 days", ["31-90"] = "31–90 days", ["91+"] = "91+ days", ["receivables"] = "Receivables and collection", ["collected"] = "Collected",
        ["overdueByAge"] = "Overdue by age", ["deductions"] = "Guarantee deductions", ["guarantor"] = "Guarantor", ["deductionDate"] = "Deduction date", ["balance"] = "Balance",
        ["guaranteeAmount"] = "Guaranteed", ["deduction"] = "Deduction", ["noDeductions"] = "no guarantee deductions this period", ["listedOf"] = "the first {0} of {1} shown; the full list is in", ["list"] = "list", ["fines"] = "Fines by responsible employee",
        ["substantiated"] = "Substantiated complaints", ["serviceSubstantiated"] = "Substantiated service complaints", ["fine"] = "Fine", ["noFines"] = "no fines this period",
        ["noScorecard"] = "This scope is not scored (it has no scorecard).", ["droppedOut"] = "no value: left out", ["contribution"] = "Adds to score", ["trend12"] = "Last 12 periods",
        ["scoreRule"] = "Score = Σ points × applied weight; a KPI without a value is left out and the weights of the rest are scaled up to 1. Grades: A ≥ {0}, B ≥ {1}, C ≥ {2}, else D; the grade sets the bonus coefficient.",
        ["provisionalNote"] = "This period has not ended: these are provisional figures to date, to be replaced by the final run.", ["scopePage"] = "Score details",
    });

    /// <summary>The text for a culture name: English for <c>en*</c>, Chinese otherwise.</summary>
    public static ReportText For(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? English : Chinese;

    /// <summary>"Month to date", "quarter to date" or "year to date" for a kind of period (<c>monthly</c>, <c>quarterly</c>, <c>annual</c>).</summary>
    public string ToDate(string kind) => this[kind switch
    {
        "quarterly" => "quarterToDate",
        "annual" => "yearToDate",
        _ => "monthToDate",
    }];

    /// <summary>
    /// What every report of a provisional result says about it: the period has not ended, the figures are to date (up to its
    /// cut-off, in the company time zone), and the first final run after the period's end supersedes them.
    /// </summary>
    public string ProvisionalNotice(AssessmentResult result)
    {
        var zone = new CompanyTimeZone(result.TimeZone);
        string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone.Zone).ToString("yyyy-MM-dd HH:mm", Culture);
        return string.Format(Culture, this["provisionalNotice"], result.Period, ToDate(result.Kind), Local(result.CutOff),
            Local(zone.EndOf(Period.Parse(result.Period))), result.TimeZone);
    }

    /// <summary>A number as a percentage (a fraction 1.0 = 100 %), one decimal.</summary>
    public string Percent(double? value) => value is { } v ? v.ToString("P1", Culture) : "—";

    /// <summary>A number with <paramref name="decimals"/> decimals.</summary>
    public string Number(double? value, int decimals = 1) => value is { } v ? v.ToString("N" + decimals, Culture) : "—";

    /// <summary>An amount of money, two decimals.</summary>
    public string Money(decimal value) => value.ToString("N2", Culture);

    /// <summary>A KPI's figure as its catalogue format says (rates as percentages, means with their decimals).</summary>
    public string Kpi(string kpi, double? value) => KpiCatalog.Definition(kpi).Format switch
    {
        KpiFormat.Percent or KpiFormat.PercentOfCounts => Percent(value),
        KpiFormat.Money => value?.ToString("N2", Culture) ?? "—",
        KpiFormat.Count => value?.ToString("N0", Culture) ?? "—",
        KpiFormat.Decimal2 => Number(value, 2),
        KpiFormat.Decimal3 => Number(value, 3),
        _ => Number(value),
    };
}
