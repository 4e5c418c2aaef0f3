using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>The customer files family (completeness, approval) on a small table worked out by hand.</summary>
public sealed class CustomerFilesTests
{
    private static AssessmentEngine Files() => Engine("2026-11", [Employee("E1", "sales", "east"), Employee("E2", "service", "west")],
        Customer("K1", "A", "E1", approvedAt: "2026-11-20T10:00:00+08:00"),
        Customer("K2", "B", "E1", hasContacts: false, hasTradeHistory: false, approvedAt: "2026-12-01T00:00:00+08:00"), // approved at the cut-off: not before it
        Customer("K3", "C", region: "north"), // no keeper, never approved
        Customer("K4", "D", "E2", approvedAt: "2026-10-01T00:00:00+08:00", active: false), // inactive: counts for nothing
        Customer("K5", keeper: "E9", region: "south", hasLegalDocs: false, approvedAt: "2026-11-30T23:59:59+08:00")); // keeper not in master data

    [Fact]
    public void Completeness_and_approval_count_active_customers_toward_the_company()
    {
        var engine = Files();
        // Active K1, K2, K3, K5; complete K1, K3; approved before the cut-off K1, K5.
        Assert.Equal((2L, 4L), Pair(Kpi<CountRateValue>(engine, CustomerFilesFamily.CustomerFileCompleteness)));
        Assert.Equal((2L, 4L), Pair(Kpi<CountRateValue>(engine, CustomerFilesFamily.CustomerFileApprovalRate)));
    }

    [Theory]
    // The keeper and the keeper's department: K1 and K2.
    [InlineData(ScopeKind.Employee, "E1", 1, 2, 1, 2)]
    [InlineData(ScopeKind.Department, "sales", 1, 2, 1, 2)]
    // The region is the file's, else the keeper's: east holds K1 and K2 (no region of their own), north K3, south K5.
    [InlineData(ScopeKind.Region, "east", 1, 2, 1, 2)]
    [InlineData(ScopeKind.Region, "north", 1, 1, 0, 1)]
    [InlineData(ScopeKind.Region, "south", 0, 1, 1, 1)]
    // A keeper missing from master data still keeps the file; the inactive K4 leaves E2 and service empty.
    [InlineData(ScopeKind.Employee, "E9", 0, 1, 1, 1)]
    [InlineData(ScopeKind.Employee, "E2", 0, 0, 0, 0)]
    [InlineData(ScopeKind.Department, "service", 0, 0, 0, 0)]
    public void A_file_counts_toward_its_keeper_the_keepers_department_and_its_region(
        ScopeKind kind, string id, long complete, long active, long approved, long activeAgain)
    {
        var engine = Files();
        Assert.Equal((complete, active), Pair(Kpi<CountRateValue>(engine, CustomerFilesFamily.CustomerFileCompleteness, kind, id)));
        Assert.Equal((approved, activeAgain), Pair(Kpi<CountRateValue>(engine, CustomerFilesFamily.CustomerFileApprovalRate, kind, id)));
    }

    [Fact]
    public void A_file_without_a_keeper_counts_toward_no_department_and_an_alert_lists_the_incomplete_files()
    {
        var result = Files().Complete("run", At("2026-12-01T02:00:00+08:00"));
        var alert = result.Alerts.Single(a => a is { Scope: "company", Kpi: CustomerFilesFamily.CustomerFileCompleteness });
        Assert.Equal(["K2", "K5"], alert.Records);
        Assert.Equal(0.5, alert.Value);
        Assert.Equal("customers", KpiCatalog.AlertRecordsKind(CustomerFilesFamily.CustomerFileCompleteness));
        Assert.DoesNotContain(result.Scopes, s => s.Scope == "department" && s.Id is not ("sales" or "service"));
    }

    [Fact]
    public void The_audit_lists_each_active_file_by_id_with_its_missing_parts_and_never_its_name()
    {
        var engine = Files();
        var files = engine.Detail<CustomerFileDetail>().Files.Items;
        Assert.Equal(["K1", "K2", "K3", "K5"], files.Select(f => f.Id));
        Assert.Equal(["hasContacts", "hasTradeHistory"], files.Single(f => f.Id == "K2").Missing);
        Assert.Equal(("east", "sales", false), (files[1].Region, files[1].Department, files[1].Approved));
        Assert.DoesNotContain("Secret name", System.Text.Json.JsonSerializer.Serialize(engine.ToPart()), StringComparison.Ordinal);
    }
}
