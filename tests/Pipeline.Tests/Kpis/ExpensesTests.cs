using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The expenses family on small tables worked out by hand.</summary>
public sealed class ExpensesTests
{
    [Fact]
    public void Expenses_against_the_budget_alert_above_it_with_the_largest_first()
    {
        var engine = Engine("2026-11", null, Employee("E1", "sales", "east"));
        engine.Add(Target("department", "sales", budget: 1000));
        engine.Add(new Expense("X1", Day("2026-11-03"), "sales", "travel", 300m, "E1", null));
        engine.Add(new Expense("X2", Day("2026-11-04"), "sales", "entertainment", 900.50m, null, "south"));
        var rate = Kpi<RateValue>(engine, ExpensesFamily.ExpenseControlRate, ScopeKind.Department, "sales");
        Assert.Equal((1200.50m, 1000m), (rate.Numerator, rate.Denominator)); // 300 + 900.50
        Assert.Equal(1.2005, rate.Value!.Value, 12);
        Assert.Equal(300m, Kpi<AmountValue>(engine, ExpensesFamily.ExpenseAmount, ScopeKind.Region, "east").Value); // E1's region

        var alert = engine.Complete("run", At("2026-12-01T02:00:00+08:00")).Alerts.Single(a => a.Kpi == ExpensesFamily.ExpenseControlRate);
        Assert.Equal(("department", "sales", "above"), (alert.Scope, alert.Id, alert.Direction));
        Assert.Equal(["X2", "X1"], alert.Records);
    }
}
