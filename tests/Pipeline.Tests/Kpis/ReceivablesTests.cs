using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Time;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>
/// Collection, overdue balances and guarantee deductions on small tables worked out by hand. November 2026 with no
/// grace days: the cut-off's date is 2026-12-01, so the look-back runs from 2025-12-01 (365 days before) to 2026-11-30.
/// </summary>
public sealed class ReceivablesTests
{
    private static Receivable R(
        string id, string due, decimal amount, decimal paid = 0, string? paidAt = null, string? employee = "E1", string customer = "K1",
        string? region = null, string? department = null, string? guarantor = null, decimal? guarantee = null) =>
        new(id, customer, Day(due).AddDays(-30), Day(due), amount, paid, paidAt is null ? null : Day(paidAt), employee, region, department,
            guarantor, guarantee);

    private static AssessmentEngine November(AssessmentSettings? settings = null) =>
        Engine("2026-11", settings, Employee("E1", "sales", "east"), Employee("M1", "sales", "north"), Employee("M2", "marketing"));

    [Fact]
    public void Collection_counts_what_was_paid_before_the_cut_offs_date_against_what_fell_due()
    {
        var engine = November();
        engine.Add(R("R1", "2026-11-10", 1000m, 1000m, "2026-11-20")); // all in
        engine.Add(R("R2", "2026-11-30", 500m, 200m, "2026-11-30")); // part, on the last day
        engine.Add(R("R3", "2026-11-15", 300m, 300m, "2026-12-01")); // paid on the cut-off's date: too late
        engine.Add(R("R4", "2026-11-01", 200m)); // nothing
        engine.Add(R("R5", "2026-12-01", 999m, 999m, "2026-11-15")); // due next month: not due in November

        Assert.Equal(2000m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue).Value);
        var rate = Kpi<RateValue>(engine, ReceivablesFamily.CollectionRate);
        Assert.Equal((1200m, 2000m), (rate.Numerator, rate.Denominator));
        Assert.Equal(0.6, rate.Value);
        Assert.Equal(4, engine.Inputs["receivables"]); // R5 is not a record of November
    }

    [Fact]
    public void Collection_without_anything_due_is_null_not_zero()
    {
        var engine = November();
        engine.Add(R("R1", "2026-10-10", 100m));
        Assert.Null(Kpi<RateValue>(engine, ReceivablesFamily.CollectionRate).Value);
        Assert.Equal(0m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue).Value);
    }

    [Fact]
    public void Overdue_balances_look_back_365_days_from_the_cut_offs_date_by_age()
    {
        var engine = November();
        engine.Add(R("A", "2026-11-30", 100m)); // 1 day → 1-30
        engine.Add(R("B", "2026-11-01", 200m)); // 30 days → 1-30
        engine.Add(R("C", "2026-10-31", 400m)); // 31 days → 31-90
        engine.Add(R("D", "2026-09-02", 800m)); // 90 days → 31-90
        engine.Add(R("E", "2026-09-01", 1600m, 600m, "2026-11-30")); // 91 days → 91+, balance 1000
        engine.Add(R("F", "2025-12-01", 3200m)); // 365 days → 91+
        engine.Add(R("G", "2025-11-30", 6400m)); // 366 days: outside the look-back
        engine.Add(R("H", "2026-12-01", 12800m)); // due on the cut-off's date: 0 days, not overdue
        engine.Add(R("I", "2026-10-01", 500m, 500m, "2026-11-02")); // paid off: no balance, left out
        engine.Add(R("J", "2026-10-01", 50m, 50m, "2026-12-01")); // paid after the cut-off: still overdue at it (61 days)

        var overdue = Kpi<OverdueValue>(engine, ReceivablesFamily.OverdueReceivables);
        Assert.Equal(100m + 200m + 400m + 800m + 1000m + 3200m + 50m, overdue.Value);
        Assert.Equal(7, overdue.Count);
        Assert.Equal(300m, overdue.ByAge["1-30"]);
        Assert.Equal(1250m, overdue.ByAge["31-90"]);
        Assert.Equal(4200m, overdue.ByAge["91+"]);
        // Only A and B are due in November.
        Assert.Equal(2, engine.Inputs["receivables"]);
    }

    [Fact]
    public void Grace_days_move_the_cut_off_and_with_it_the_look_back_and_what_counts_as_paid()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 3 }, Employee("E1", "sales"));
        engine.Add(R("A", "2026-11-30", 100m, 100m, "2026-12-03")); // paid before 2026-12-04: collected, nothing overdue
        engine.Add(R("B", "2026-12-02", 70m)); // due after the period but 2 days before the cut-off's date: overdue
        engine.Add(R("C", "2025-12-04", 30m)); // 365 days before 2026-12-04: in
        engine.Add(R("D", "2025-12-03", 10m)); // 366 days: out

        Assert.Equal(1.0, Kpi<RateValue>(engine, ReceivablesFamily.CollectionRate).Value);
        var overdue = Kpi<OverdueValue>(engine, ReceivablesFamily.OverdueReceivables);
        Assert.Equal((100m, 2L), (overdue.Value, overdue.Count));
    }

    [Fact]
    public void A_receivable_counts_toward_its_department_else_its_employees_else_sales_and_its_region_else_its_files_else_the_employees()
    {
        var engine = Engine("2026-11", [Employee("E1", "sales", "east"), Employee("E2", "marketing", "west")],
            Customer("K1", region: "south"), Customer("K2"));
        engine.Add(R("R1", "2026-11-05", 10m, employee: "E1", customer: "K1")); // sales / south (file)
        engine.Add(R("R2", "2026-11-05", 20m, employee: "E2", customer: "K2")); // marketing / west (K2's file has no region)
        engine.Add(R("R3", "2026-11-05", 40m, employee: null, customer: "K9")); // sales, no region, no employee
        engine.Add(R("R4", "2026-11-05", 80m, employee: "E2", customer: "K1", region: "north", department: "legal"));

        Assert.Equal(50m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue, ScopeKind.Department, "sales").Value);
        Assert.Equal(20m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue, ScopeKind.Department, "marketing").Value);
        Assert.Equal(80m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue, ScopeKind.Department, "legal").Value);
        Assert.Equal(10m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue, ScopeKind.Region, "south").Value);
        Assert.Equal(20m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue, ScopeKind.Region, "west").Value);
        Assert.Equal(80m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue, ScopeKind.Region, "north").Value);
        Assert.Equal(100m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue, ScopeKind.Employee, "E2").Value);
        Assert.Equal(150m, Kpi<AmountValue>(engine, ReceivablesFamily.ReceivablesDue).Value);
    }

    [Fact]
    public void A_deduction_lands_on_day_91_not_day_90_in_exactly_one_month()
    {
        // Due 2026-08-01: + 91 days = 2026-10-31 (October). Due 2026-08-02: 2026-11-01 (November). Due 2026-09-01: 2026-12-01.
        var receivables = new[]
        {
            R("R-OCT", "2026-08-01", 1000m, guarantor: "M1", guarantee: 600m),
            R("R-NOV1", "2026-08-02", 1000m, 300m, "2026-09-15", guarantor: "M1", guarantee: 900m),
            R("R-NOV30", "2026-08-31", 400m, guarantor: "M1", guarantee: 1000m),
            R("R-DEC", "2026-09-01", 1000m, guarantor: "M1", guarantee: 500m),
        };
        Assert.Equal(Day("2026-11-01"), receivables[1].DeductionDate);
        Assert.Equal(90, Day("2026-10-31").DayNumber - Day("2026-08-02").DayNumber); // day 90 is still October

        decimal In(string period, out long count)
        {
            var engine = Engine(period, null, Employee("M1", "sales", "north"));
            foreach (var receivable in receivables)
            {
                engine.Add(receivable);
            }

            var value = Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions, ScopeKind.Employee, "M1");
            count = value.Count;
            return value.Value;
        }

        Assert.Equal(600m, In("2026-10", out var october)); // min(600, 1000)
        Assert.Equal(1, october);
        Assert.Equal(700m + 400m, In("2026-11", out var november)); // min(900, 700) + min(1000, 400)
        Assert.Equal(2, november);
        Assert.Equal(500m, In("2026-12", out var december));
        Assert.Equal(1, december);
    }

    [Fact]
    public void A_deduction_needs_a_guarantor_a_guarantee_and_a_balance_at_the_cut_off_and_counts_toward_the_guarantor_not_a_region()
    {
        var engine = November();
        engine.Add(R("R1", "2026-08-10", 1000m, guarantor: "M1", guarantee: 250m, region: "east")); // deducted 250
        engine.Add(R("R2", "2026-08-11", 1000m, 1000m, "2026-11-30", guarantor: "M1", guarantee: 250m)); // paid before the cut-off
        engine.Add(R("R3", "2026-08-12", 1000m, 1000m, "2026-12-01", guarantor: "M1", guarantee: 250m)); // paid after it: deducted 250
        engine.Add(R("R4", "2026-08-13", 1000m, guarantor: "M1", guarantee: 0m)); // nothing guaranteed
        engine.Add(R("R5", "2026-08-14", 1000m, guarantee: 100m)); // no guarantor
        engine.Add(R("R6", "2026-08-15", 1000m, guarantor: "M2", guarantee: 70m)); // another guarantor, in marketing
        engine.Add(R("R7", "2026-08-16", 1000m, guarantor: "X9", guarantee: 30m)); // a guarantor not in master data

        var m1 = Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions, ScopeKind.Employee, "M1");
        Assert.Equal((500m, 2L), (m1.Value, m1.Count));
        Assert.Equal(500m, Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions, ScopeKind.Department, "sales").Value);
        Assert.Equal(70m, Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions, ScopeKind.Department, "marketing").Value);
        Assert.Equal(30m, Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions, ScopeKind.Employee, "X9").Value);
        Assert.Equal(600m, Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions).Value);
        Assert.Equal(0m, Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions, ScopeKind.Region, "east").Value);
        // The salesperson E1 is not the guarantor: nothing is deducted from E1.
        Assert.Equal(0m, Kpi<AmountCountValue>(engine, GuaranteeDeductionsFamily.GuaranteeDeductions, ScopeKind.Employee, "E1").Value);
    }

    [Fact]
    public void Alerts_list_uncollected_receivables_largest_balance_first_and_every_deduction_on_its_guarantor_only()
    {
        var engine = November();
        engine.Add(R("R-A", "2026-11-10", 100m));
        engine.Add(R("R-B", "2026-11-10", 900m, 100m, "2026-11-20")); // balance 800
        engine.Add(R("R-C", "2026-11-10", 300m));
        engine.Add(R("R-D", "2026-11-10", 300m, 300m, "2026-11-11")); // collected
        engine.Add(R("G-1", "2026-08-10", 50m, guarantor: "M1", guarantee: 40m, employee: "M2"));
        engine.Add(R("G-2", "2026-08-20", 50m, guarantor: "M1", guarantee: 45m, employee: "M2"));

        var result = engine.Complete("run", At("2026-12-01T02:00:00+08:00"));
        var collection = result.Alerts.Single(a => a.Kpi == ReceivablesFamily.CollectionRate && a.Scope == "employee" && a.Id == "E1");
        Assert.Equal(["R-B", "R-C", "R-A"], collection.Records);
        var deductions = result.Alerts.Where(a => a.Kpi == GuaranteeDeductionsFamily.GuaranteeDeductions).ToList();
        var alert = Assert.Single(deductions);
        Assert.Equal(("employee", "M1", 85.0, 0.0), (alert.Scope, alert.Id, alert.Value, alert.Threshold));
        Assert.Equal(["G-2", "G-1"], alert.Records);
        Assert.Equal("receivables", KpiCatalog.AlertRecordsKind(GuaranteeDeductionsFamily.GuaranteeDeductions));
    }

    [Fact]
    public void The_run_reads_the_year_before_the_cut_off_and_the_deduction_months()
    {
        var context = new FoldContext(Period.Parse("2026-11"), new AssessmentSettings(), Shanghai, []);
        var window = KpiCatalog.Reads(ReceivablesFamily.Schema, context);
        Assert.Equal(new DateRange(Day("2025-12-01"), Day("2026-12-01")), window);
        Assert.Equal(12, window.Months().Count());

        var quarter = KpiCatalog.Reads(ReceivablesFamily.Schema, new FoldContext(Period.Parse("2026-Q4"), new AssessmentSettings(), Shanghai, []));
        Assert.Equal(Day("2026-01-01"), quarter.From);

        // A year: the deductions of January come from receivables due in October of the year before.
        var year = KpiCatalog.Reads(ReceivablesFamily.Schema, new FoldContext(Period.Parse("2026"), new AssessmentSettings(), Shanghai, []));
        Assert.Equal(new DateRange(Day("2025-10-02"), Day("2027-01-01")), year);

        // Other kinds read their period only.
        Assert.Equal(DateRange.Of(context.Period), KpiCatalog.Reads(SalesFamily.Schema, context));
    }
}
