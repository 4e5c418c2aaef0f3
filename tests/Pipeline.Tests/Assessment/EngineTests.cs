using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

using Pipeline.Tests.Kpis;

namespace Pipeline.Tests.Assessment;

/// <summary>What the engine does whatever the family: scopes, every KPI everywhere, empty periods, defaults from master data, annual runs.</summary>
public sealed class EngineTests
{
    [Fact]
    public void Scopes_are_the_company_and_every_department_region_and_employee_in_master_data_records_or_targets()
    {
        var scopes = SalesTests.SalesEngine().Figures().Select(f => f.Key.ToString()).ToList();
        Assert.Equal(
        [
            "company:company", "department:sales", "department:service", "region:east", "region:north", "region:west",
            "employee:E1", "employee:E2", "employee:E3", "employee:E9",
        ], scopes);
    }

    [Fact]
    public void Every_scope_carries_every_kpi()
    {
        Assert.All(SalesTests.SalesEngine().Figures(), f => Assert.Equal(KpiCatalog.KpiNames, f.Kpis.Keys));
    }


    [Fact]
    public void An_empty_period_has_zero_amounts_and_null_rates_and_means()
    {
        var figures = Assert.Single(Engine().Figures());
        Assert.Equal(ScopeKey.Company, figures.Key);
        Assert.Equal(0m, ((AmountValue)figures.Kpis[SalesFamily.SalesAmount]).Value);
        Assert.Equal(0, ((ComplaintCountValue)figures.Kpis[ComplaintsFamily.ComplaintsReceived]).Value);
        Assert.All(figures.Kpis.Values.Where(v => v is not (AmountValue or CountValue or ComplaintCountValue or VisitCountValue or AmountCountValue or OverdueValue or DimensionsValue)),
            v => Assert.Null(v.Number));
        Assert.Equal((0m, 0L), (((AmountCountValue)figures.Kpis[SalesFamily.SalesWithoutApprovedFile]).Value, ((AmountCountValue)figures.Kpis[SalesFamily.SalesWithoutApprovedFile]).Count));
        Assert.All(((VisitCountValue)figures.Kpis[VisitsFamily.Visits]).ByType.Values, count => Assert.Equal(0, count));
        var overdue = (OverdueValue)figures.Kpis[ReceivablesFamily.OverdueReceivables];
        Assert.Equal((0m, 0L), (overdue.Value, overdue.Count));
        Assert.Equal(["1-30", "31-90", "91+"], overdue.ByAge.Keys);
        Assert.All(overdue.ByAge.Values, balance => Assert.Equal(0m, balance));
        var resolution = (CountRateValue)figures.Kpis[ComplaintsFamily.ComplaintResolutionRate];
        Assert.Null(resolution.CiLow);
        Assert.Null(figures.Score);
    }

    [Fact]
    public void Defaults_come_from_the_employees_known_when_the_assessment_runs()
    {
        // The same sale without department or region, with and without its employee in master data.
        var sale = Sale("S1", "E7", 100m);
        var withEmployee = Engine("2026-11", null, Employee("E7", "marketing", "south"));
        withEmployee.Add(sale);
        Assert.Equal(100m, Kpi<AmountValue>(withEmployee, SalesFamily.SalesAmount, ScopeKind.Department, "marketing").Value);
        Assert.Equal(100m, Kpi<AmountValue>(withEmployee, SalesFamily.SalesAmount, ScopeKind.Region, "south").Value);

        var withoutEmployee = Engine();
        withoutEmployee.Add(sale);
        Assert.Equal(100m, Kpi<AmountValue>(withoutEmployee, SalesFamily.SalesAmount, ScopeKind.Department, "sales").Value);
        Assert.DoesNotContain(withoutEmployee.Figures(), f => f.Key.Kind == ScopeKind.Region);
    }

    [Fact]
    public void An_annual_assessment_sums_the_years_monthly_targets_and_recomputes_rates_from_all_records()
    {
        var engine = Engine("2026");
        engine.Add(Target("company", "company", sales: 1000, period: "2026-01"));
        engine.Add(Target("company", "company", sales: 3000, period: "2026-12"));
        engine.Add(Target("company", "company", sales: 5000, period: "2025-12")); // another year
        engine.Add(Sale("S1", "E1", 1500m, date: "2026-01-15"));
        engine.Add(Sale("S2", "E1", 1500m, date: "2026-12-15"));
        // January 1/1 resolved, December 0/3: the annual rate is 1/4 (not the mean of 100 % and 0 %).
        engine.Add(Complaint("C1", "2026-01-05T09:00:00+08:00", resolvedAt: "2026-01-06T09:00:00+08:00"));
        foreach (var id in new[] { "C2", "C3", "C4" })
        {
            engine.Add(Complaint(id, "2026-12-05T09:00:00+08:00"));
        }

        var rate = Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate);
        Assert.Equal((3000m, 4000m), (rate.Numerator, rate.Denominator));
        Assert.Equal((1L, 4L), Pair(Kpi<CountRateValue>(engine, ComplaintsFamily.ComplaintResolutionRate)));
        Assert.Equal(At("2026-12-31T16:00:00Z"), engine.CutOff);
    }
}
