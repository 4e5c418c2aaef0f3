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
