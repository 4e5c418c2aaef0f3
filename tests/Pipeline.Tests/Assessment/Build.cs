using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Time;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Assessment;

/// <summary>Small builders so each test states only the fields it is about.</summary>
internal static class Build
{
    public static readonly CompanyTimeZone Shanghai = new("Asia/Shanghai");

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    public static AssessmentEngine Engine(string period = "2026-11", AssessmentSettings? settings = null, params Employee[] employees) =>
        new(Period.Parse(period), settings ?? new AssessmentSettings(), Shanghai, employees);

    /// <summary>An engine whose context knows <paramref name="customers"/>, their files already folded (as a run does).</summary>
    public static AssessmentEngine Engine(string period, Employee[] employees, params Customer[] customers)
    {
        var engine = new AssessmentEngine(Period.Parse(period), new AssessmentSettings(), Shanghai, employees, customers);
        engine.AddMasterData();
        return engine;
    }

    public static Customer Customer(string id, string? grade = null, string? keeper = null, string? region = null, bool complete = true,
        string? approvedAt = null, string? fileUpdatedAt = null, bool active = true, bool hasContacts = true, bool hasTradeHistory = true, bool hasLegalDocs = true) =>
        new(id, $"Secret name of {id}", grade, region, keeper, null, complete && hasLegalDocs, complete && hasContacts, complete, complete, complete && hasTradeHistory,
            approvedAt is null ? null : At(approvedAt), fileUpdatedAt is null ? null : At(fileUpdatedAt), active);

    public static Employee Employee(string id, string department, string? region = null) => new(id, $"Name {id}", department, region, "rep", true);

    public static Sale Sale(string id, string employee, decimal amount, string customer = "K1", decimal? grossProfit = null,
        bool newProduct = false, bool newCustomer = false, string? region = null, string? department = null, string date = "2026-11-10") =>
        new(id, Day(date), employee, customer, "P1", amount, region, department, grossProfit, newProduct, newCustomer);

    public static Target Target(string scope, string scopeId, decimal? sales = null, decimal? profit = null, decimal? newProduct = null,
        long? newCustomers = null, decimal? budget = null, string period = "2026-11") =>
        new(Period.Parse(period), scope, scopeId, sales, profit, newProduct, newCustomers, budget);

    public static Complaint Complaint(string id, string receivedAt, string category = "service", string? firstResponseAt = null,
        string? resolvedAt = null, int? followUp = null, string? handler = null, string? region = null, string department = "service") =>
        new(id, At(receivedAt), "K1", category, category == "quality" ? "P1" : null, "normal", region, department, handler,
            firstResponseAt is null ? null : At(firstResponseAt), resolvedAt is null ? null : At(resolvedAt), followUp);

    public static Survey Survey(string id, int? pq = null, int? sq = null, int? price = null, int? credit = null, int? overall = null,
        int? recommend = null, string kind = "periodic", string? employee = null, string? region = null, string? department = null) =>
        new(id, Day("2026-11-10"), "K1", kind, pq, sq, price, credit, overall, recommend, employee, region, department, null, null);
}
