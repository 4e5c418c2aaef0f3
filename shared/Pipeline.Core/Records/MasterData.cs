using Pipeline.Time;

namespace Pipeline.Records;

/// <summary>An employee (master data): the department and region their records default to.</summary>
/// <param name="Id">The employee id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Department">Department id.</param>
/// <param name="Region">Regional office, if any.</param>
/// <param name="Role"><c>rep</c> or <c>manager</c>.</param>
/// <param name="Active">Whether the employee is active.</param>
public sealed record Employee(string Id, string Name, string Department, string? Region, string Role, bool Active);

/// <summary>A monthly target of one scope; quarterly and annual targets are sums of months.</summary>
/// <param name="Period">The month.</param>
/// <param name="Scope"><c>company</c>, <c>department</c>, <c>region</c> or <c>employee</c>.</param>
/// <param name="ScopeId">The scope's id (<c>company</c> for the company).</param>
/// <param name="SalesAmount">Target sales, company currency.</param>
/// <param name="GrossProfit">Target gross profit.</param>
/// <param name="NewProductSales">Target sales of new products.</param>
/// <param name="NewCustomers">Target count of new customers.</param>
/// <param name="ExpenseBudget">Expense budget.</param>
public sealed record Target(
    Period Period, string Scope, string ScopeId, decimal? SalesAmount, decimal? GrossProfit, decimal? NewProductSales,
    long? NewCustomers, decimal? ExpenseBudget);

/// <summary>A customer file (master data). Confidential: reports show the id only, never the name or the file's content.</summary>
/// <param name="Id">The customer id.</param>
/// <param name="Name">The customer's name (never shown in reports).</param>
/// <param name="Grade">The class A, B, C or D; A and B are key customers.</param>
/// <param name="Region">The region of the file.</param>
/// <param name="KeeperId">The employee who keeps the file.</param>
/// <param name="CreditStatus">good, watch or bad.</param>
/// <param name="HasLegalDocs">The file holds the licence and tax registration.</param>
/// <param name="HasContacts">The file holds contacts.</param>
/// <param name="HasCreditInfo">The file holds credit information.</param>
/// <param name="HasProductionInfo">The file holds process, scale, raw materials and investment.</param>
/// <param name="HasTradeHistory">The file holds the trade history.</param>
/// <param name="ApprovedAt">When the general manager approved the file.</param>
/// <param name="FileUpdatedAt">When the file was last brought up to date.</param>
/// <param name="Active">Whether the customer is active.</param>
public sealed record Customer(
    string Id, string Name, string? Grade, string? Region, string? KeeperId, string? CreditStatus, bool HasLegalDocs, bool HasContacts,
    bool HasCreditInfo, bool HasProductionInfo, bool HasTradeHistory, DateTimeOffset? ApprovedAt, DateTimeOffset? FileUpdatedAt, bool Active)
{
    /// <summary>The five parts a complete file holds, in contract order.</summary>
    public static IReadOnlyList<string> Parts { get; } = ["hasLegalDocs", "hasContacts", "hasCreditInfo", "hasProductionInfo", "hasTradeHistory"];

    /// <summary>Whether the customer is a key customer (grade A or B).</summary>
    public bool IsKey => Grade is "A" or "B";

    /// <summary>The parts the file lacks, in <see cref="Parts"/> order.</summary>
    public IReadOnlyList<string> MissingParts =>
        new[] { HasLegalDocs, HasContacts, HasCreditInfo, HasProductionInfo, HasTradeHistory }
            .Select((has, i) => (has, i)).Where(p => !p.has).Select(p => Parts[p.i]).ToList();
}
