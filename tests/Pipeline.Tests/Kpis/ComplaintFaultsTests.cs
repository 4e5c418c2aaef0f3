using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using static Pipeline.Tests.Assessment.Build;
using static Pipeline.Tests.Kpis.KpiTestKit;

namespace Pipeline.Tests.Kpis;

/// <summary>Substantiated complaints and fines on a small table worked out by hand.</summary>
public sealed class ComplaintFaultsTests
{
    private static Complaint Fault(string id, string category, string? responsible, bool substantiated = true, string? handler = "E3") =>
        Complaint(id, "2026-11-05T09:00:00+08:00", category, handler: handler, region: "east") with { ResponsibleId = responsible, Substantiated = substantiated };

    [Fact]
    public void A_substantiated_complaint_counts_toward_the_employee_at_fault_and_a_service_one_costs_the_fine()
    {
        var engine = Engine("2026-11", new AssessmentSettings { ServiceComplaintFine = 80 }, Employee("E1", "sales"), Employee("E3", "service"));
        engine.Add(Fault("C1", "service", "E1"));
        engine.Add(Fault("C2", "service", "E1"));
        engine.Add(Fault("C3", "quality", "E1"));
        engine.Add(Fault("C4", "service", null)); // at fault, nobody named: company, department, region only
        engine.Add(Fault("C5", "service", "E1", substantiated: false)); // not found at fault: nothing

        var e1 = Kpi<ComplaintCountValue>(engine, ComplaintFaultsFamily.SubstantiatedComplaints, ScopeKind.Employee, "E1");
        Assert.Equal((3L, 1L, 2L), (e1.Value, e1.ByCategory["quality"], e1.ByCategory["service"]));
        Assert.Equal(160m, Kpi<AmountValue>(engine, ComplaintFaultsFamily.Fines, ScopeKind.Employee, "E1").Value); // 2 · 80
        Assert.Equal(240m, Kpi<AmountValue>(engine, ComplaintFaultsFamily.Fines).Value); // C1, C2, C4
        Assert.Equal(240m, Kpi<AmountValue>(engine, ComplaintFaultsFamily.Fines, ScopeKind.Region, "east").Value);
        // The handler is not fined: E3 handled all five.
        Assert.Equal(0m, Kpi<AmountValue>(engine, ComplaintFaultsFamily.Fines, ScopeKind.Employee, "E3").Value);
        Assert.Equal(5, Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived, ScopeKind.Employee, "E3").Value);
    }

    [Fact]
    public void The_default_fine_is_fifty()
    {
        var engine = Engine("2026-11");
        engine.Add(Fault("C1", "service", "E1"));
        Assert.Equal(50m, Kpi<AmountValue>(engine, ComplaintFaultsFamily.Fines).Value);
    }
}
