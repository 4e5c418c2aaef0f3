namespace Pipeline.Assessment;

/// <summary>The targets of one scope for a period: a month's, or the sum of a year's months. Null where none was set.</summary>
public sealed class ScopeTargets
{
    /// <summary>Target sales amount.</summary>
    public decimal? SalesAmount { get; private set; }

    /// <summary>Target gross profit.</summary>
    public decimal? GrossProfit { get; private set; }

    /// <summary>Target sales of new products.</summary>
    public decimal? NewProductSales { get; private set; }

    /// <summary>Target number of new customers.</summary>
    public long? NewCustomers { get; private set; }

    /// <summary>Expense budget.</summary>
    public decimal? ExpenseBudget { get; private set; }

    /// <summary>Adds one month's target (annual targets are the sum of the monthly ones).</summary>
    public void Add(Target target)
    {
        SalesAmount = Sum(SalesAmount, target.SalesAmount);
        GrossProfit = Sum(GrossProfit, target.GrossProfit);
        NewProductSales = Sum(NewProductSales, target.NewProductSales);
        NewCustomers = target.NewCustomers is { } customers ? (NewCustomers ?? 0) + customers : NewCustomers;
        ExpenseBudget = Sum(ExpenseBudget, target.ExpenseBudget);
    }

    private static decimal? Sum(decimal? total, decimal? value) => value is { } v ? (total ?? 0) + v : total;
}
