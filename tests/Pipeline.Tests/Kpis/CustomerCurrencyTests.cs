using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>File currency and sales without an approved file, on small tables worked out by hand.</summary>
public sealed class CustomerCurrencyTests
{
    private static AssessmentEngine Month() => Engine("2026-11", [Employee("E1", "sales", "east")],
        Customer("K1", "A", "E1", approvedAt: "2026-11-10T12:00:00+08:00", fileUpdatedAt: "2026-11-01T00:00:00+08:00"), // at the period's start: current
        Customer("K2", "B", "E1", fileUpdatedAt: "2026-10-31T23:59:59+08:00"), // a second before it: not; never approved
        Customer("K3", "C", "E1", approvedAt: "2026-01-01T00:00:00+08:00", fileUpdatedAt: "2026-12-01T00:00:00+08:00")); // at the cut-off: not

    [Fact]
    public void Currency_is_of_the_customers_who_traded_and_one_without_a_file_counts_toward_the_company_only()
    {
        var engine = Month();
        engine.Add(Sale("S-1", "E1", 100m, "K1", date: "2026-11-10"));
        engine.Add(Sale("S-2", "E1", 200m, "K1", date: "2026-11-09"));
        engine.Add(Sale("S-3", "E1", 300m, "K2"));
        engine.Add(Sale("S-4", "E1", 400m, "K3"));
        engine.Add(Sale("S-5", "E1", 500m, "K8")); // no file

        Assert.Equal((1L, 4L), Pair(Kpi<CountRateValue>(engine, CustomerCurrencyFamily.CustomerFileCurrency))); // K1 of K1, K2, K3, K8
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, CustomerCurrencyFamily.CustomerFileCurrency, ScopeKind.Employee, "E1")));
    }

    [Fact]
    public void Sales_without_an_approved_file_are_those_before_the_approval_day_ends_or_with_no_file_or_approval()
    {
        var engine = Month();
        engine.Add(Sale("S-1", "E1", 100m, "K1", date: "2026-11-10")); // approved 12:00 on the sale's day: before its end
        engine.Add(Sale("S-2", "E1", 200m, "K1", date: "2026-11-09")); // approved after the 9th ended
        engine.Add(Sale("S-3", "E1", 300.50m, "K2")); // no approval
        engine.Add(Sale("S-4", "E1", 400m, "K3")); // approved in January
        engine.Add(Sale("S-5", "E1", 500m, "K8", region: "south")); // no file; counted toward the sale's own scopes

        var company = Kpi<AmountCountValue>(engine, SalesFamily.SalesWithoutApprovedFile);
        Assert.Equal((1000.50m, 3L), (company.Value, company.Count)); // 200 + 300.50 + 500
        var south = Kpi<AmountCountValue>(engine, SalesFamily.SalesWithoutApprovedFile, ScopeKind.Region, "south");
        Assert.Equal((500m, 1L), (south.Value, south.Count));
    }
}
