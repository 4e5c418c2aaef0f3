using Pipeline.Time;

namespace Pipeline.Records;

/// <summary>The ten record kinds of CONTRACT §2, with every field and rule.</summary>
public static class RecordKinds
{
    private static FieldSpec Id() => new("id", FieldType.Id, Required: true);

    private static FieldSpec Text(string name, bool required = false, int maxLength = 256, string? @default = null) =>
        new(name, FieldType.Text, required, @default) { MaxLength = maxLength };

    private static FieldSpec Enum(string name, IReadOnlyList<string> values, bool required = false, string? @default = null) =>
        new(name, FieldType.Enum, required, @default) { Values = values };

    private static FieldSpec Score(string name, int min, int max) => new(name, FieldType.Score) { Min = min, Max = max };

    private static FieldSpec Of(string name, FieldType type, bool required = false, object? @default = null) =>
        new(name, type, required, @default);

    /// <summary>Master data: staff, with the department and region their records default to.</summary>
    public static RecordKind Employees { get; } = new(
        "employees",
        [
            Id(), Text("name", required: true), Text("department", required: true), Text("region"),
            Enum("role", ["rep", "manager"], @default: "rep"), Of("active", FieldType.Boolean, @default: true),
        ],
        anchor: null);

    /// <summary>Sales (a negative amount is a return).</summary>
    public static RecordKind Sales { get; } = new(
        "sales",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("employeeId", required: true),
            Text("customerId", required: true), Text("product", required: true),
            Of("amount", FieldType.Money, required: true), Text("region"), Text("department"),
            Of("grossProfit", FieldType.Money), Of("newProduct", FieldType.Boolean, @default: false),
            Of("newCustomer", FieldType.Boolean, @default: false), Text("channel"),
        ],
        anchor: "date");

    /// <summary>The measures a target may carry; at least one is required.</summary>
    public static IReadOnlyList<string> TargetMeasures { get; } =
        ["salesAmount", "grossProfit", "newProductSales", "newCustomers", "expenseBudget"];

    /// <summary>Monthly targets per company, department, region or employee; identity (period, scope, scopeId).</summary>
    public static RecordKind Targets { get; } = new(
        "targets",
        [
            Of("period", FieldType.Month, required: true),
            Enum("scope", ["company", "department", "region", "employee"], required: true),
            Text("scopeId", required: true),
            Of("salesAmount", FieldType.NonNegativeMoney), Of("grossProfit", FieldType.NonNegativeMoney),
            Of("newProductSales", FieldType.NonNegativeMoney), Of("newCustomers", FieldType.Count),
            Of("expenseBudget", FieldType.NonNegativeMoney),
        ],
        anchor: "period",
        (values, error) =>
        {
            if (!TargetMeasures.Any(values.ContainsKey))
            {
                error("salesAmount", "a target needs at least one of salesAmount, grossProfit, newProductSales, newCustomers, expenseBudget");
            }

            if (values.Get<string>("scope") == "company" && values.TryGet<string>("scopeId", out var scopeId) && scopeId != "company")
            {
                error("scopeId", "must be 'company' when scope is company");
            }
        });

    /// <summary>The four dimensions of a satisfaction survey.</summary>
    public static IReadOnlyList<string> SurveyDimensions { get; } = ["productQuality", "serviceQuality", "price", "credit"];

    /// <summary>Customer-satisfaction survey responses.</summary>
    public static RecordKind Surveys { get; } = new(
        "surveys",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("customerId", required: true),
            Enum("kind", ["periodic", "followUp"], @default: "periodic"),
            Score("productQuality", 1, 5), Score("serviceQuality", 1, 5), Score("price", 1, 5), Score("credit", 1, 5),
            Score("overall", 1, 5), Score("recommend", 0, 10),
            Text("employeeId"), Text("region"), Text("department"), Text("product"), Text("comment", maxLength: 2000),
        ],
        anchor: "date",
        (values, error) =>
        {
            if (!SurveyDimensions.Any(values.ContainsKey))
            {
                error("productQuality", "a survey needs at least one of productQuality, serviceQuality, price, credit");
            }
        });

    /// <summary>Quality and service complaints.</summary>
    public static RecordKind Complaints { get; } = new(
        "complaints",
        [
            Id(), Of("receivedAt", FieldType.Timestamp, required: true), Text("customerId", required: true),
            Enum("category", ["quality", "service"], required: true), Text("product"),
            Enum("severity", ["low", "normal", "high"], @default: "normal"), Text("channel"), Text("region"),
            Text("department", @default: "service"), Text("handlerId"),
            Of("firstResponseAt", FieldType.Timestamp), Of("resolvedAt", FieldType.Timestamp),
            Score("followUpSatisfaction", 1, 5), Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "receivedAt",
        (values, error) =>
        {
            if (values.Get<string>("category") == "quality" && !values.ContainsKey("product"))
            {
                error("product", "is required when category is quality");
            }

            NotBefore(values, error, "firstResponseAt", "receivedAt");
            NotBefore(values, error, "resolvedAt", "receivedAt");
        });

    /// <summary>Customer inquiries that must be answered in time.</summary>
    public static RecordKind Inquiries { get; } = new(
        "inquiries",
        [
            Id(), Of("receivedAt", FieldType.Timestamp, required: true), Text("channel"), Text("customerId"),
            Text("topic"), Text("region"), Text("department", @default: "service"), Text("handlerId"),
            Of("firstReplyAt", FieldType.Timestamp), Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "receivedAt",
        (values, error) => NotBefore(values, error, "firstReplyAt", "receivedAt"));

    /// <summary>After-sales service requests.</summary>
    public static RecordKind ServiceTickets { get; } = new(
        "serviceTickets",
        [
            Id(), Of("openedAt", FieldType.Timestamp, required: true),
            Enum("type", ["install", "commissioning", "repair", "maintenance", "other"], required: true),
            Text("customerId"), Text("region"), Text("department", @default: "service"), Text("handlerId"),
            Of("respondedAt", FieldType.Timestamp), Of("completedAt", FieldType.Timestamp),
            Enum("qualityCheck", ["pass", "fail"]), Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: "openedAt",
        (values, error) =>
        {
            NotBefore(values, error, "respondedAt", "openedAt");
            NotBefore(values, error, "completedAt", "openedAt");
        });

    /// <summary>Expenses, measured against the expense budget.</summary>
    public static RecordKind Expenses { get; } = new(
        "expenses",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("department", required: true),
            Enum("category", ["travel", "entertainment", "advertising", "research", "promotion", "other"], required: true),
            Of("amount", FieldType.NonNegativeMoney, required: true), Text("employeeId"), Text("region"),
        ],
        anchor: "date");

    /// <summary>Promotion campaigns with planned and actual reach.</summary>
    public static RecordKind Campaigns { get; } = new(
        "campaigns",
        [
            Id(), Of("startDate", FieldType.Date, required: true), Of("endDate", FieldType.Date, required: true),
            Text("channel"), Text("department", @default: "marketing"), Of("cost", FieldType.NonNegativeMoney),
            Of("plannedExposure", FieldType.Count), Of("exposure", FieldType.Count),
            Of("plannedParticipants", FieldType.Count), Of("participants", FieldType.Count),
            Of("plannedConversions", FieldType.Count), Of("conversions", FieldType.Count),
        ],
        anchor: "startDate",
        (values, error) =>
        {
            if (values.TryGet<DateOnly>("startDate", out var start) && values.TryGet<DateOnly>("endDate", out var end) && end < start)
            {
                error("endDate", "must not be before startDate");
            }
        });

    /// <summary>Market-research tasks.</summary>
    public static RecordKind ResearchTasks { get; } = new(
        "researchTasks",
        [
            Id(), Of("plannedDate", FieldType.Date, required: true), Text("title", maxLength: 500),
            Text("department"), Text("employeeId"), Of("completedDate", FieldType.Date),
        ],
        anchor: "plannedDate");

    /// <summary>All kinds, in contract order.</summary>
    public static IReadOnlyList<RecordKind> All { get; } =
        [Employees, Sales, Targets, Surveys, Complaints, Inquiries, ServiceTickets, Expenses, Campaigns, ResearchTasks];

    /// <summary>Finds a kind by its route name, ignoring case.</summary>
    public static RecordKind? Find(string? name) =>
        All.FirstOrDefault(kind => string.Equals(kind.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The derived identity of a target: <c>{period}:{scope}:{scopeId}</c>.</summary>
    public static string TargetId(Period period, string scope, string scopeId) => $"{period}:{scope}:{scopeId}";

    private static void NotBefore(RecordValues values, Action<string, string> error, string later, string earlier)
    {
        if (values.TryGet<DateTimeOffset>(later, out var after) &&
            values.TryGet<DateTimeOffset>(earlier, out var before) &&
            after < before)
        {
            error(later, $"must not be before {earlier}");
        }
    }
}
