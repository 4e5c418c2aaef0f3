using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The sales family on small tables worked out by hand (the arithmetic is in the comments).</summary>
public sealed class SalesTests
{
    internal static AssessmentEngine SalesEngine()
    {
        var engine = Engine("2026-11", null, Employee("E1", "sales", "east"), Employee("E2", "sales", "west"), Employee("E3", "service", "east"));
        engine.Add(Target("company", "company", sales: 5000));
        engine.Add(Target("employee", "E1", sales: 2000, newCustomers: 4));
        engine.Add(Target("department", "sales", sales: 4000, profit: 500));
        engine.Add(Target("region", "east", sales: 1000));
        engine.Add(Target("company", "company", sales: 99999, period: "2026-10")); // another month: ignored
        engine.Add(Sale("S1", "E1", 1000.10m, "K1", grossProfit: 200, newProduct: true, newCustomer: true));
        engine.Add(Sale("S2", "E1", 500m, "K2", grossProfit: 100, newCustomer: true));
        engine.Add(Sale("S3", "E1", -100.10m, "K1", grossProfit: -20, newCustomer: true)); // a return; K1 again
        engine.Add(Sale("S4", "E2", 2000m, "K3", newProduct: true, region: "north"));
        engine.Add(Sale("S5", "E9", 300m, "K4")); // an employee not in master data
        return engine;
    }

    [Fact]
    public void Sales_amounts_are_exact_sums_and_completion_is_against_the_scopes_own_target()
    {
        var engine = SalesEngine();
        // 1000.10 + 500 − 100.10 + 2000 + 300 = 3700.00; 3700 / 5000 = 0.74
        Assert.Equal(3700.00m, Kpi<AmountValue>(engine, SalesFamily.SalesAmount).Value);
        var company = Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate);
        Assert.Equal((3700.00m, 5000m, 0.74), (company.Numerator, company.Denominator, company.Value!.Value));

        // E1: 1000.10 + 500 − 100.10 = 1400; 1400 / 2000 = 0.7
        Assert.Equal(0.7, Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Employee, "E1").Value!.Value, 12);
        // Department sales: E1's, E2's and E9's (no employee record: default 'sales') = 3700; / 4000 = 0.925
        Assert.Equal(0.925, Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Department, "sales").Value!.Value, 12);
        // Region east: E1's 1400 (S4 says north; E9 has no region); / 1000 = 1.4
        Assert.Equal(1.4, Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Region, "east").Value!.Value, 12);
        Assert.Equal(2000m, Kpi<AmountValue>(engine, SalesFamily.SalesAmount, ScopeKind.Region, "north").Value);
    }

    [Fact]
    public void A_scope_without_a_target_has_a_null_completion_rate_and_an_idle_one_zero_sales()
    {
        var engine = SalesEngine();
        var west = Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Region, "west");
        Assert.Equal((0m, 0m), (west.Numerator, west.Denominator));
        Assert.Null(west.Value);
        Assert.Equal(0m, Kpi<AmountValue>(engine, SalesFamily.SalesAmount, ScopeKind.Employee, "E3").Value);
        Assert.Null(Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Employee, "E3").Value);
    }

    [Fact]
    public void Profit_new_product_sales_and_new_customers()
    {
        var engine = SalesEngine();
        // Department sales gross profit: 200 + 100 − 20 = 280; / 500 = 0.56
        var profit = Kpi<RateValue>(engine, SalesFamily.ProfitCompletionRate, ScopeKind.Department, "sales");
        Assert.Equal((280m, 500m), (profit.Numerator, profit.Denominator));
        Assert.Equal(0.56, profit.Value!.Value, 12);
        // New products: S1 1000.10 + S4 2000 = 3000.10
        Assert.Equal(3000.10m, Kpi<AmountValue>(engine, SalesFamily.NewProductSales).Value);
        // New customers of E1: distinct {K1, K2} = 2 (S3 repeats K1); target 4 → 0.5
        Assert.Equal(2, Kpi<CountValue>(engine, SalesFamily.NewCustomers, ScopeKind.Employee, "E1").Value);
        Assert.Equal(0.5, Kpi<RateValue>(engine, SalesFamily.NewCustomerCompletionRate, ScopeKind.Employee, "E1").Value!.Value, 12);
        Assert.Equal(2, Kpi<CountValue>(engine, SalesFamily.NewCustomers).Value);
    }

}
