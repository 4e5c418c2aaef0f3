using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Assessment;

/// <summary>An employee (master data).</summary>
public sealed record Employee(string Id, string Name, string Department, string? Region, string Role, bool Active);

/// <summary>A sale (a negative amount is a return).</summary>
public sealed record Sale(
    string Id, DateOnly Date, string EmployeeId, string CustomerId, string Product, decimal Amount, string? Region,
    string? Department, decimal? GrossProfit, bool NewProduct, bool NewCustomer);

/// <summary>A monthly target of one scope.</summary>
public sealed record Target(
    Period Period, string Scope, string ScopeId, decimal? SalesAmount, decimal? GrossProfit, decimal? NewProductSales,
    long? NewCustomers, decimal? ExpenseBudget);

/// <summary>A satisfaction survey response.</summary>
public sealed record Survey(
    string Id, DateOnly Date, string CustomerId, string Kind, int? ProductQuality, int? ServiceQuality, int? Price, int? Credit,
    int? Overall, int? Recommend, string? EmployeeId, string? Region, string? Department, string? Product, string? Comment);

/// <summary>A complaint.</summary>
public sealed record Complaint(
    string Id, DateTimeOffset ReceivedAt, string CustomerId, string Category, string? Product, string Severity, string? Region,
    string Department, string? HandlerId, DateTimeOffset? FirstResponseAt, DateTimeOffset? ResolvedAt, int? FollowUpSatisfaction,
    string? Channel = null);

/// <summary>An inquiry.</summary>
public sealed record Inquiry(string Id, DateTimeOffset ReceivedAt, string? Region, string Department, string? HandlerId, DateTimeOffset? FirstReplyAt);

/// <summary>An after-sales service ticket.</summary>
public sealed record ServiceTicket(
    string Id, DateTimeOffset OpenedAt, string Type, string? Region, string Department, string? HandlerId,
    DateTimeOffset? RespondedAt, DateTimeOffset? CompletedAt, string? QualityCheck);

/// <summary>An expense.</summary>
public sealed record Expense(string Id, DateOnly Date, string Department, string Category, decimal Amount, string? EmployeeId, string? Region);

/// <summary>A promotion campaign.</summary>
public sealed record Campaign(
    string Id, DateOnly StartDate, DateOnly EndDate, string Department, decimal? Cost, long? PlannedExposure, long? Exposure,
    long? PlannedParticipants, long? Participants, long? PlannedConversions, long? Conversions);

/// <summary>A market-research task.</summary>
public sealed record ResearchTask(string Id, DateOnly PlannedDate, string? Title, string? Department, string? EmployeeId, DateOnly? CompletedDate);

/// <summary>Typed records from stored values (static defaults were applied at ingestion).</summary>
public static class Inputs
{
    /// <summary>An employee from its values.</summary>
    public static Employee Employee(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<string>("name")!, v.Get<string>("department")!, v.Get<string>("region"),
        v.Get<string>("role") ?? "rep", !v.TryGet<bool>("active", out var active) || active);

    /// <summary>A sale from its values.</summary>
    public static Sale Sale(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateOnly>("date"), v.Get<string>("employeeId")!, v.Get<string>("customerId")!,
        v.Get<string>("product")!, v.Get<decimal>("amount"), v.Get<string>("region"), v.Get<string>("department"),
        v.TryGet<decimal>("grossProfit", out var profit) ? profit : null, v.Get<bool>("newProduct"), v.Get<bool>("newCustomer"));

    /// <summary>A target from its values.</summary>
    public static Target Target(RecordValues v) => new(
        v.Get<Period>("period"), v.Get<string>("scope")!, v.Get<string>("scopeId")!, Money(v, "salesAmount"), Money(v, "grossProfit"),
        Money(v, "newProductSales"), v.TryGet<long>("newCustomers", out var customers) ? customers : null, Money(v, "expenseBudget"));

    /// <summary>A survey from its values.</summary>
    public static Survey Survey(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateOnly>("date"), v.Get<string>("customerId")!, v.Get<string>("kind") ?? "periodic",
        Score(v, "productQuality"), Score(v, "serviceQuality"), Score(v, "price"), Score(v, "credit"), Score(v, "overall"),
        Score(v, "recommend"), v.Get<string>("employeeId"), v.Get<string>("region"), v.Get<string>("department"),
        v.Get<string>("product"), v.Get<string>("comment"));

    /// <summary>A complaint from its values.</summary>
    public static Complaint Complaint(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateTimeOffset>("receivedAt"), v.Get<string>("customerId")!, v.Get<string>("category")!,
        v.Get<string>("product"), v.Get<string>("severity") ?? "normal", v.Get<string>("region"), v.Get<string>("department") ?? "service",
        v.Get<string>("handlerId"), Instant(v, "firstResponseAt"), Instant(v, "resolvedAt"), Score(v, "followUpSatisfaction"),
        v.Get<string>("channel"));

    /// <summary>An inquiry from its values.</summary>
    public static Inquiry Inquiry(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateTimeOffset>("receivedAt"), v.Get<string>("region"), v.Get<string>("department") ?? "service",
        v.Get<string>("handlerId"), Instant(v, "firstReplyAt"));

    /// <summary>A service ticket from its values.</summary>
    public static ServiceTicket ServiceTicket(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateTimeOffset>("openedAt"), v.Get<string>("type")!, v.Get<string>("region"),
        v.Get<string>("department") ?? "service", v.Get<string>("handlerId"), Instant(v, "respondedAt"), Instant(v, "completedAt"),
        v.Get<string>("qualityCheck"));

    /// <summary>An expense from its values.</summary>
    public static Expense Expense(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateOnly>("date"), v.Get<string>("department")!, v.Get<string>("category")!,
        v.Get<decimal>("amount"), v.Get<string>("employeeId"), v.Get<string>("region"));

    /// <summary>A campaign from its values.</summary>
    public static Campaign Campaign(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateOnly>("startDate"), v.Get<DateOnly>("endDate"), v.Get<string>("department") ?? "marketing",
        Money(v, "cost"), Count(v, "plannedExposure"), Count(v, "exposure"), Count(v, "plannedParticipants"), Count(v, "participants"),
        Count(v, "plannedConversions"), Count(v, "conversions"));

    /// <summary>A research task from its values.</summary>
    public static ResearchTask ResearchTask(RecordValues v) => new(
        v.Get<string>("id")!, v.Get<DateOnly>("plannedDate"), v.Get<string>("title"), v.Get<string>("department"),
        v.Get<string>("employeeId"), v.TryGet<DateOnly>("completedDate", out var done) ? done : null);

    private static decimal? Money(RecordValues v, string field) => v.TryGet<decimal>(field, out var value) ? value : null;

    private static long? Count(RecordValues v, string field) => v.TryGet<long>(field, out var value) ? value : null;

    private static int? Score(RecordValues v, string field) => v.TryGet<int>(field, out var value) ? value : null;

    private static DateTimeOffset? Instant(RecordValues v, string field) => v.TryGet<DateTimeOffset>(field, out var value) ? value : null;
}
