using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>Visits, opinions and key-customer coverage on small tables worked out by hand.</summary>
public sealed class VisitsTests
{
    private static Visit Visit(string id, string employee, string customer, string type = "routine", long? opinions = null, string? region = null) =>
        new(id, Day("2026-11-12"), employee, customer, type, opinions, null, region, null);

    [Fact]
    public void Visits_count_by_type_with_zeros_and_opinions_are_summed()
    {
        var engine = Engine("2026-11", [Employee("E1", "sales", "east")], Customer("K3", "C", region: "north"));
        engine.Add(Visit("VI-1", "E1", "K1", "routine", 2));
        engine.Add(Visit("VI-2", "E1", "K1", "returnVisit", 3));
        engine.Add(Visit("VI-3", "E1", "K3", "routine"));
        var visits = Kpi<VisitCountValue>(engine, VisitsFamily.Visits);
        Assert.Equal(3, visits.Value);
        Assert.Equal(new Dictionary<string, long> { ["routine"] = 2, ["holiday"] = 0, ["usageTracking"] = 0, ["returnVisit"] = 1, ["complaintFollowUp"] = 0 }, visits.ByType);
        Assert.Equal(5, Kpi<CountValue>(engine, VisitsFamily.OpinionsCollected).Value);

        // A visit's region: its own, else the customer file's (K3: north), else the employee's (east).
        Assert.Equal(1, Kpi<VisitCountValue>(engine, VisitsFamily.Visits, ScopeKind.Region, "north").Value);
        Assert.Equal(2, Kpi<VisitCountValue>(engine, VisitsFamily.Visits, ScopeKind.Region, "east").Value);
        Assert.Equal(3, Kpi<VisitCountValue>(engine, VisitsFamily.Visits, ScopeKind.Department, "sales").Value);
    }

    [Fact]
    public void Coverage_is_of_the_active_key_customers_each_scope_keeps_visited_by_anyone()
    {
        var engine = Engine("2026-11", [Employee("E1", "sales", "east"), Employee("E2", "service", "west")],
            Customer("K1", "A", "E1"), Customer("K2", "B", "E1"), Customer("K6", "A", "E2", active: false), Customer("K7", "C", "E1"));
        engine.Add(Visit("VI-1", "E2", "K1")); // E2 visits E1's key customer: it counts for E1's coverage
        engine.Add(Visit("VI-2", "E1", "K7")); // not a key customer
        engine.Add(Visit("VI-3", "E2", "K6")); // inactive

        Assert.Equal((1L, 2L), Pair(Kpi<CountRateValue>(engine, KeyCustomerCoverageFamily.KeyCustomerCoverage, ScopeKind.Employee, "E1")));
        Assert.Equal((1L, 2L), Pair(Kpi<CountRateValue>(engine, KeyCustomerCoverageFamily.KeyCustomerCoverage)));
        Assert.Equal((0L, 0L), Pair(Kpi<CountRateValue>(engine, KeyCustomerCoverageFamily.KeyCustomerCoverage, ScopeKind.Employee, "E2")));
        Assert.Null(Kpi<CountRateValue>(engine, KeyCustomerCoverageFamily.KeyCustomerCoverage, ScopeKind.Employee, "E2").Value);

        var alert = engine.Complete("run", At("2026-12-01T02:00:00+08:00")).Alerts
            .Single(a => a is { Scope: "employee", Id: "E1", Kpi: KeyCustomerCoverageFamily.KeyCustomerCoverage });
        Assert.Equal(["K2"], alert.Records); // the key customer not visited
    }
}
