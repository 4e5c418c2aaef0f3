using System.Text.Json.Nodes;

namespace Pipeline.Tests.Assessment;

/// <summary>
/// The receivables part of <see cref="ReferenceAssessment"/> on small months worked out by hand from CONTRACT §2–§3:
/// the cut-off's date of 2026-11 is 2026-12-01, of 2026-10 is 2026-11-01, of 2026 is 2027-01-01 (no grace days).
/// </summary>
public sealed class ReferenceReceivablesTests
{
    // E1 sales/east, E2 service without a region, G1 a sales manager in the west; K1's file has region north, K2's none.
    private static Dictionary<string, Dictionary<string, double?>> Assess(string period, params JsonObject[] receivables)
    {
        var records = new Dictionary<string, IReadOnlyList<JsonObject>>
        {
            ["employees"] =
            [
                new() { ["id"] = "E1", ["name"] = "One", ["department"] = "sales", ["region"] = "east" },
                new() { ["id"] = "E2", ["name"] = "Two", ["department"] = "service" },
                new() { ["id"] = "G1", ["name"] = "Guarantor", ["department"] = "sales", ["region"] = "west", ["role"] = "manager" },
            ],
            ["customers"] =
            [
                new() { ["id"] = "K1", ["name"] = "North Ltd", ["region"] = "north" },
                new() { ["id"] = "K2", ["name"] = "Nowhere Ltd" },
            ],
            ["receivables"] = receivables,
        };
        return ReferenceAssessment.Compute(records, period, new ReferenceOptions());
    }

    private static JsonObject Receivable(string id, string due, decimal amount, string? employeeId = "E1", string customerId = "K2",
        decimal? paid = null, string? paidAt = null)
    {
        var r = new JsonObject { ["id"] = id, ["customerId"] = customerId, ["invoiceDate"] = "2025-01-01", ["dueDate"] = due, ["amount"] = amount };
        if (employeeId is not null)
        {
            r["employeeId"] = employeeId;
        }

        if (paid is not null)
        {
            r["paidAmount"] = paid;
            r["paidAt"] = paidAt;
        }

        return r;
    }

    private static JsonObject Guaranteed(JsonObject r, string guarantorId, decimal guarantee)
    {
        r["guarantorId"] = guarantorId;
        r["guaranteeAmount"] = guarantee;
        return r;
    }

    [Fact]
    public void A_guarantee_is_deducted_in_the_period_holding_day_91_after_the_due_date_not_day_90()
    {
        // R1: due 2026-08-01, day 91 = 2026-10-31; balance 3000 − 1000 = 2000 < guarantee 5000 → 2000.
        // R2: due 2026-08-02, day 90 = 2026-10-31 but day 91 = 2026-11-01; unpaid 800 > guarantee 300 → 300.
        JsonObject[] owed =
        [
            Guaranteed(Receivable("R1", "2026-08-01", 3000m, "E2", paid: 1000m, paidAt: "2026-09-01"), "G1", 5000m),
            Guaranteed(Receivable("R2", "2026-08-02", 800m, "E2"), "G1", 300m),
        ];

        var october = Assess("2026-10", owed);
        var november = Assess("2026-11", owed);

        foreach (var scope in new[] { "company:company", "employee:G1", "department:sales" })
        {
            Assert.Equal((2000d, 1d), (october[scope]["guaranteeDeductions.value"], october[scope]["guaranteeDeductions.count"]));
            Assert.Equal((300d, 1d), (november[scope]["guaranteeDeductions.value"], november[scope]["guaranteeDeductions.count"]));
        }

        // Not the receivable's own employee or department, and no region (not even the guarantor's).
        foreach (var scope in new[] { "employee:E2", "department:service", "region:west", "region:east" })
        {
            Assert.Equal((0d, 0d), (october[scope]["guaranteeDeductions.value"], october[scope]["guaranteeDeductions.count"]));
        }
    }

    [Fact]
    public void A_guarantee_is_not_deducted_without_a_balance_a_positive_guarantee_or_a_guarantor()
    {
        var november = Assess("2026-11",
            Guaranteed(Receivable("Paid", "2026-08-10", 500m, paid: 500m, paidAt: "2026-11-30"), "G1", 500m),
            Guaranteed(Receivable("Zero", "2026-08-10", 500m), "G1", 0m),
            Guaranteed(Receivable("LatePay", "2026-08-10", 900m, paid: 900m, paidAt: "2026-12-01"), "G1", 400m),
            Guaranteed(Receivable("Stranger", "2026-08-10", 700m), "X9", 650m));

        // Only LatePay (paid on the cut-off's date: 900 still owed, min(400, 900) = 400) and Stranger (min(650, 700)).
        Assert.Equal((1050d, 2d), (november["company:company"]["guaranteeDeductions.value"], november["company:company"]["guaranteeDeductions.count"]));
        Assert.Equal((400d, 1d), (november["employee:G1"]["guaranteeDeductions.value"], november["employee:G1"]["guaranteeDeductions.count"]));
        // A guarantor unknown to master data is a scope of its own, with no department.
        Assert.Equal((650d, 1d), (november["employee:X9"]["guaranteeDeductions.value"], november["employee:X9"]["guaranteeDeductions.count"]));
        Assert.Equal(400d, november["department:sales"]["guaranteeDeductions.value"]);
    }

    [Fact]
    public void A_receivable_paid_on_or_after_the_cut_offs_date_counts_as_unpaid()
    {
        var november = Assess("2026-11",
            Receivable("OnCutoff", "2026-11-10", 1000m, paid: 1000m, paidAt: "2026-12-01"),
            Receivable("InTime", "2026-11-10", 500m, paid: 500m, paidAt: "2026-11-30"),
            Receivable("Partly", "2026-11-05", 600m, paid: 200m, paidAt: "2026-11-20"));

        var e1 = november["employee:E1"];
        Assert.Equal(2100d, e1["receivablesDue.value"]);
        Assert.Equal((700d, 2100d), (e1["collectionRate.numerator"], e1["collectionRate.denominator"]));
        Assert.Equal(1 / 3d, e1["collectionRate.value"]!.Value, 12);
        // OnCutoff owes 1000 (21 days), Partly 400 (26 days); InTime nothing.
        Assert.Equal((1400d, 2d, 1400d), (e1["overdueReceivables.value"], e1["overdueReceivables.count"], e1["overdueReceivables.byAge.1-30"]));
        Assert.Equal((0d, 0d), (e1["overdueReceivables.byAge.31-90"], e1["overdueReceivables.byAge.91+"]));

        // The scorecard of sales now has collectionRate (0.15, goal 0.95); every other sales KPI is null here, so the
        // score is its points alone: 100 × (1/3) / 0.95.
        Assert.Equal(100 * (1 / 3d) / 0.95, e1["score"]!.Value, 9);
        Assert.Equal(1d, e1["rank"]);
        Assert.Null(november["employee:G1"]["score"]);
        Assert.Equal(100 * (1 / 3d) / 0.95, november["department:sales"]["score"]!.Value, 9);
    }

    [Fact]
    public void Nothing_due_in_a_scope_gives_zero_amounts_and_a_null_rate()
    {
        var e2 = Assess("2026-11", Receivable("R", "2026-11-10", 1000m))["employee:E2"];
        Assert.Equal((0d, 0d, 0d, null), (e2["receivablesDue.value"], e2["collectionRate.numerator"], e2["collectionRate.denominator"], e2["collectionRate.value"]));
        Assert.Equal((0d, 0d), (e2["overdueReceivables.value"], e2["overdueReceivables.count"]));
    }

    [Fact]
    public void The_look_back_reaches_365_days_before_the_cut_offs_date_not_366()
    {
        var november = Assess("2026-11", Receivable("D365", "2025-12-01", 100m), Receivable("D366", "2025-11-30", 10m))["company:company"];
        Assert.Equal((100d, 1d, 100d), (november["overdueReceivables.value"], november["overdueReceivables.count"], november["overdueReceivables.byAge.91+"]));

        var year = Assess("2026", Receivable("D365", "2026-01-01", 100m), Receivable("D366", "2025-12-31", 10m))["company:company"];
        Assert.Equal((100d, 1d, 100d), (year["overdueReceivables.value"], year["overdueReceivables.count"], year["overdueReceivables.byAge.91+"]));
        Assert.Equal(100d, year["receivablesDue.value"]);
    }

    [Fact]
    public void Ages_fall_in_buckets_1_30_31_90_and_91_plus_and_a_receivable_due_on_the_cut_offs_date_is_not_overdue()
    {
        var company = Assess("2026-11",
            Receivable("A1", "2026-11-30", 1m), Receivable("A30", "2026-11-01", 2m), Receivable("A31", "2026-10-31", 4m),
            Receivable("A90", "2026-09-02", 8m), Receivable("A91", "2026-09-01", 16m), Receivable("A0", "2026-12-01", 32m))["company:company"];

        Assert.Equal((31d, 5d), (company["overdueReceivables.value"], company["overdueReceivables.count"]));
        Assert.Equal((3d, 12d, 16d), (company["overdueReceivables.byAge.1-30"], company["overdueReceivables.byAge.31-90"], company["overdueReceivables.byAge.91+"]));
        Assert.Equal(3d, company["receivablesDue.value"]); // A1 and A30 are due in November; A0 in December
    }

    [Fact]
    public void Without_department_and_employee_a_receivable_counts_toward_sales_and_takes_its_customers_file_region_first()
    {
        var november = Assess("2026-11",
            Receivable("NoOne", "2026-11-10", 700m, employeeId: null, customerId: "K1"),      // sales, north (file)
            Receivable("NoOneNoRegion", "2026-11-10", 50m, employeeId: null, customerId: "K2"), // sales, no region
            Receivable("E2File", "2026-11-10", 300m, employeeId: "E2", customerId: "K1"),       // service, north (file)
            Receivable("E1File", "2026-11-10", 20m, customerId: "K1"),                          // sales, north: file before employee
            Receivable("E1NoFileRegion", "2026-11-10", 4m, customerId: "K2"));                  // sales, east (employee)

        Assert.Equal(774d, november["department:sales"]["receivablesDue.value"]);
        Assert.Equal(300d, november["department:service"]["receivablesDue.value"]);
        Assert.Equal(1020d, november["region:north"]["receivablesDue.value"]);
        Assert.Equal(4d, november["region:east"]["receivablesDue.value"]);
        Assert.Equal(24d, november["employee:E1"]["receivablesDue.value"]);
        Assert.Equal(1074d, november["company:company"]["receivablesDue.value"]);
    }

    [Fact]
    public void Only_a_receivable_counted_in_a_figure_of_the_period_names_a_scope()
    {
        var settled = Receivable("Settled", "2026-06-15", 1300m, "E88", paid: 1300m, paidAt: "2026-06-20");
        settled["region"] = "far";
        var owing = Receivable("Owing", "2026-06-15", 1200m, "E66", paid: 200m, paidAt: "2026-06-20");
        owing["region"] = "near";
        var later = Receivable("Later", "2026-12-15", 900m, "E55");
        later["department"] = "finance";

        var november = Assess("2026-11", settled, owing, later);

        Assert.DoesNotContain("employee:E88", november.Keys);
        Assert.DoesNotContain("region:far", november.Keys);
        Assert.DoesNotContain("employee:E55", november.Keys);
        Assert.DoesNotContain("department:finance", november.Keys);
        Assert.Equal((1000d, 1d, 1000d), (november["employee:E66"]["overdueReceivables.value"], november["employee:E66"]["overdueReceivables.count"], november["region:near"]["overdueReceivables.byAge.91+"]));
        // E66 is unknown to master data and the receivable names no department: `sales`, as for a sale (docs/decisions.md).
        Assert.Equal(1000d, november["department:sales"]["overdueReceivables.value"]);
        Assert.Equal(1000d, november["company:company"]["overdueReceivables.value"]);
    }

    [Theory]
    [InlineData(20261124)]
    [InlineData(7)]
    [InlineData(11)]
    public void The_mixed_months_receivables_are_valid_and_reach_every_figure(int seed)
    {
        var records = MixedMonth.Generate(seed);
        foreach (var r in records["receivables"])
        {
            var due = DateOnly.Parse((string)r["dueDate"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(due >= DateOnly.Parse((string)r["invoiceDate"]!, System.Globalization.CultureInfo.InvariantCulture), $"{r}");
            var amount = Money(r, "amount")!.Value;
            var paid = Money(r, "paidAmount") ?? 0m;
            Assert.True(amount > 0 && paid >= 0 && paid <= amount && (Money(r, "guaranteeAmount") ?? 0m) >= 0, $"{r}");
            Assert.True(paid == 0 || r["paidAt"] is not null, $"{r}");
        }

        var november = ReferenceAssessment.Compute(records.ToDictionary(r => r.Key, r => (IReadOnlyList<JsonObject>)r.Value), "2026-11", new ReferenceOptions());
        var year = ReferenceAssessment.Compute(records.ToDictionary(r => r.Key, r => (IReadOnlyList<JsonObject>)r.Value), "2026", new ReferenceOptions());
        foreach (var company in new[] { november["company:company"], year["company:company"] })
        {
            Assert.InRange(company["collectionRate.value"]!.Value, 0.1, 0.9);
            Assert.All(new[] { "1-30", "31-90", "91+" }, age => Assert.True(company[$"overdueReceivables.byAge.{age}"] > 0, age));
            Assert.True(company["guaranteeDeductions.count"] >= 8);
        }

        Assert.True(november["employee:E77"]["guaranteeDeductions.count"] > 0);
        Assert.True(november["department:sales"]["collectionRate.value"] is not null);
        Assert.Contains("department:finance", november.Keys);
        Assert.DoesNotContain("region:far", november.Keys);
    }

    // Money as a JSON number with at most two decimals.
    private static decimal? Money(JsonObject r, string name)
    {
        if (r[name] is not JsonValue value)
        {
            return null;
        }

        Assert.Equal(System.Text.Json.JsonValueKind.Number, value.GetValueKind());
        var text = value.ToJsonString();
        Assert.True(!text.Contains('.', StringComparison.Ordinal) || text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1 <= 2, text);
        return decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
