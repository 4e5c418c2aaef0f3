using Pipeline.Records;

namespace Pipeline.Kpis;

/// <summary>
/// The targets of one scope for a period: a month's, or the sum of a quarter's or year's months. Null where none
/// was set. Settable so a partial assessment travels as plain data.
/// </summary>
public sealed class ScopeTargets
{
    /// <summary>Target sales amount.</summary>
    public decimal? SalesAmount { get; set; }

    /// <summary>Target gross profit.</summary>
    public decimal? GrossProfit { get; set; }

    /// <summary>Target sales of new products.</summary>
    public decimal? NewProductSales { get; set; }

    /// <summary>Target number of new customers.</summary>
    public long? NewCustomers { get; set; }

    /// <summary>Expense budget.</summary>
    public decimal? ExpenseBudget { get; set; }

    /// <summary>Adds one month's target (longer periods' targets are the sums of their months').</summary>
    public void Add(Target target)
    {
        SalesAmount = Sum(SalesAmount, target.SalesAmount);
        GrossProfit = Sum(GrossProfit, target.GrossProfit);
        NewProductSales = Sum(NewProductSales, target.NewProductSales);
        NewCustomers = target.NewCustomers is { } customers ? (NewCustomers ?? 0) + customers : NewCustomers;
        ExpenseBudget = Sum(ExpenseBudget, target.ExpenseBudget);
    }

    /// <summary>Adds the targets of another part of the period.</summary>
    public void Merge(ScopeTargets other)
    {
        SalesAmount = Sum(SalesAmount, other.SalesAmount);
        GrossProfit = Sum(GrossProfit, other.GrossProfit);
        NewProductSales = Sum(NewProductSales, other.NewProductSales);
        NewCustomers = other.NewCustomers is { } customers ? (NewCustomers ?? 0) + customers : NewCustomers;
        ExpenseBudget = Sum(ExpenseBudget, other.ExpenseBudget);
    }

    private static decimal? Sum(decimal? total, decimal? value) => value is { } v ? (total ?? 0) + v : total;
}
