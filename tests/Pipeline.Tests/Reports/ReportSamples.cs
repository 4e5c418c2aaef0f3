using System.Text.Json.Nodes;
using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Reports;
using static Pipeline.Tests.Assessment.Build;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Reports;

/// <summary>A fixed small month (and the month before it) for report tests and approvals.</summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset GeneratedAt = At("2026-12-01T02:00:00+08:00");

    /// <summary>The sample customers' names: confidential, so no report may show them.</summary>
    public static readonly string[] SecretNames = ["机密客户甲 Alpha Secret Ltd", "Beta Confidential Co", "丙公司 Gamma Private"];

    public static (AssessmentResult Result, AssessmentEngine Engine) Month()
    {
        Employee[] staff = [Employee("E1", "sales", "华东"), Employee("E2", "sales", "华北"), Employee("E3", "service", "华东"), Employee("E4", "marketing")];
        Customer[] customers =
        [
            new("K1", SecretNames[0], "A", null, "E1", "good", true, true, true, true, true, At("2026-10-20T10:00:00+08:00"), At("2026-11-05T10:00:00+08:00"), true),
            new("K2", SecretNames[1], "B", "华北", "E2", "watch", true, false, true, false, true, null, At("2026-09-01T10:00:00+08:00"), true),
            new("K3", SecretNames[2], "C", null, null, null, false, false, false, false, false, null, null, true),
        ];
        var previous = new AssessmentEngine(Pipeline.Time.Period.Parse("2026-10"), new AssessmentSettings(), Shanghai, staff, customers);
        var current = new AssessmentEngine(Pipeline.Time.Period.Parse("2026-11"), new AssessmentSettings(), Shanghai, staff, customers);
        previous.AddMasterData();
        current.AddMasterData();
        foreach (var engine in new[] { previous, current })
        {
            var month = engine.Period.ToString();
            engine.Add(Target("company", "company", sales: 10000, budget: 800, period: month));
            engine.Add(Target("department", "sales", sales: 8000, newCustomers: 3, budget: 500, period: month));
            engine.Add(Target("employee", "E1", sales: 5000, period: month));
            engine.Add(Target("employee", "E2", sales: 3000, period: month));
        }

        previous.Add(Sale("S-10", "E1", 2000m, date: "2026-10-12"));
        for (var i = 0; i < 6; i++)
        {
            previous.Add(Complaint($"C-1{i}", "2026-10-05T10:00:00+08:00", firstResponseAt: "2026-10-05T12:00:00+08:00", resolvedAt: "2026-10-06T10:00:00+08:00", handler: "E3"));
            previous.Add(Survey($"V-1{i}", 4, 4, 4, 4, overall: 4, recommend: 9, employee: "E1"));
        }

        current.Add(Sale("S-1", "E1", 4200.50m, "K1", grossProfit: 900, newProduct: true, newCustomer: true));
        current.Add(Sale("S-2", "E2", 1800m, "K2", newCustomer: true));
        current.Add(Sale("S-3", "E1", -200m, "K1"));
        current.Add(new Expense("X-1", Day("2026-11-03"), "sales", "travel", 420m, "E1", null));
        current.Add(new Expense("X-2", Day("2026-11-09"), "sales", "advertising", 260.40m, null, "华北"));
        current.Add(Complaint("C-1", "2026-11-02T09:00:00+08:00", "quality", firstResponseAt: "2026-11-03T09:00:00+08:00", resolvedAt: "2026-11-04T09:00:00+08:00", followUp: 4, handler: "E3", region: "华东"));
        current.Add(Complaint("C-2", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-03T09:00:01+08:00", handler: "E3"));
        current.Add(Complaint("C-3", "2026-11-20T09:00:00Z", "quality", resolvedAt: "2026-11-21T09:00:00Z", followUp: 2, region: "华北"));
        current.Add(new Inquiry("Q-1", At("2026-11-05T09:00:00+08:00"), null, "service", "E3", At("2026-11-05T10:00:00+08:00")));
        current.Add(new ServiceTicket("T-1", At("2026-11-06T09:00:00+08:00"), "repair", "华东", "service", "E3", At("2026-11-06T15:00:00+08:00"), null, "pass"));
        current.Add(Survey("V-1", 5, 4, 3, 4, overall: 5, recommend: 10, employee: "E1"));
        current.Add(Survey("V-2", 2, 2, 3, 2, overall: 2, recommend: 3, employee: "E2"));
        current.Add(Survey("V-3", 4, 5, overall: 4, recommend: 8, region: "华东"));
        current.Add(Survey("V-4", sq: 3, credit: 4, kind: "followUp", recommend: 7));
        current.Add(new ResearchTask("R-1", Day("2026-11-10"), "竞品调研", null, "E4", Day("2026-11-25")));
        current.Add(new PeerReview("P-1", Day("2026-11-28"), "marketing", "service", "E3", 4));
        current.Add(new PeerReview("P-2", Day("2026-11-28"), "marketing", "service", null, 3));
        current.Add(new PeerReview("P-3", Day("2026-11-28"), "service", "marketing", null, 5));
        current.Add(new Visit("VI-1", Day("2026-11-12"), "E1", "K1", "routine", 2, null, null, null));
        current.Add(new Visit("VI-2", Day("2026-11-13"), "E2", "K3", "returnVisit", 1, null, null, null));
        current.Add(new CorrectiveAction("CA-1", At("2026-11-05T09:00:00+08:00"), Day("2026-11-25"), "service", "complaintResolutionRate", "department",
            "service", "E3", At("2026-11-24T17:00:00+08:00"), true));
        current.Add(new CorrectiveAction("CA-2", At("2026-11-10T09:00:00+08:00"), Day("2026-11-28"), "sales", "satisfactionIndex", "company",
            "company", "E1", null, null));
        current.Add(Complaint("C-4", "2026-11-22T09:00:00+08:00", firstResponseAt: "2026-11-22T10:00:00+08:00", handler: "E3") with
        {
            ResponsibleId = "E2", Substantiated = true,
        });
        current.Add(new Receivable("RC-1", "K1", Day("2026-10-16"), Day("2026-11-15"), 3000m, 2500m, Day("2026-11-20"), "E1", null, null, null, null));
        current.Add(new Receivable("RC-2", "K2", Day("2026-10-26"), Day("2026-11-25"), 1200m, 0m, null, "E2", null, null, null, null));
        current.Add(new Receivable("RC-3", "K2", Day("2026-07-21"), Day("2026-08-20"), 2000m, 500m, Day("2026-09-10"), "E2", null, null, "E1", 1000m));
        current.Add(new Campaign("M-1", Day("2026-11-11"), Day("2026-11-20"), "marketing", 5000m, 10000, 8000, 500, 300, 50, 45));
        return (current.Complete("20261201T020000Z-approval", GeneratedAt, previous), current);
    }

    /// <summary>
    /// A month of a company with <paramref name="employees"/> staff across the three scored departments and eight regions,
    /// each with sales, targets, complaints, surveys, expenses, tickets, visits and peer reviews — enough for every scope
    /// sheet, the scorecards, alerts and the detail sheets to run to many rows, as a real month does.
    /// </summary>
    public static ReportInput LargeMonth(int employees)
    {
        string[] departments = ["sales", "service", "marketing"];
        string[] regions = ["华东", "华北", "华南", "华中", "西南", "西北", "东北", "港澳"];
        var staff = Enumerable.Range(1, employees)
            .Select(i => new Employee($"E{i:D3}", $"员工{i:D3} Staff {i}", departments[i % 3], regions[i % regions.Length], "rep", true))
            .ToArray();
        var customers = Enumerable.Range(1, employees)
            .Select(i => Customer($"K{i:D3}", grade: "ABCD"[i % 4].ToString(), keeper: staff[i - 1].Id, region: regions[i % regions.Length],
                complete: i % 5 != 0, approvedAt: i % 7 == 0 ? null : "2026-10-01T10:00:00+08:00", fileUpdatedAt: "2026-11-02T10:00:00+08:00"))
            .ToArray();
        var engine = new AssessmentEngine(Pipeline.Time.Period.Parse("2026-11"), new AssessmentSettings(), Shanghai, staff, customers);
        engine.AddMasterData();
        engine.Add(Target("company", "company", sales: 100_000m * employees, budget: 300m * employees));
        foreach (var department in departments)
        {
            engine.Add(Target("department", department, sales: 40_000m * employees, newCustomers: employees, budget: 100m * employees));
        }

        for (var i = 1; i <= employees; i++)
        {
            var e = staff[i - 1];
            var k = customers[i - 1].Id;
            var day = $"2026-11-{1 + i % 28:D2}";
            engine.Add(Target("employee", e.Id, sales: 1000m * (10 + i % 13)));
            engine.Add(Sale($"S-{i:D3}-1", e.Id, 137.25m * (i % 97), k, grossProfit: 20m * (i % 11), newProduct: i % 3 == 0, newCustomer: i % 4 == 0, date: day));
            engine.Add(Sale($"S-{i:D3}-2", e.Id, 51.5m * (i % 41), k, date: day));
            engine.Add(new Expense($"X-{i:D3}", Day(day), e.Department, "travel", 12.5m * (i % 53), e.Id, null));
            engine.Add(Complaint($"C-{i:D3}", $"{day}T09:00:00+08:00", i % 2 == 0 ? "quality" : "service",
                firstResponseAt: i % 3 == 0 ? null : $"{day}T{9 + i % 12:D2}:30:00+08:00",
                resolvedAt: i % 4 == 0 ? null : "2026-11-29T18:00:00+08:00", followUp: 1 + i % 5, handler: e.Id, region: e.Region));
            engine.Add(new Survey($"V-{i:D3}", Day(day), k, "periodic", 1 + i % 5, 1 + (i + 1) % 5, 1 + (i + 2) % 5, 1 + (i + 3) % 5,
                1 + (i + 4) % 5, i % 11, e.Id, null, null, "P1", i % 2 == 0 ? $"客户意见 {i}: 交货慢 = late delivery" : null));
            engine.Add(new Inquiry($"Q-{i:D3}", At($"{day}T09:00:00+08:00"), e.Region, "service", e.Id,
                i % 5 == 0 ? null : At($"{day}T{10 + i % 6:D2}:00:00+08:00")));
            engine.Add(new ServiceTicket($"T-{i:D3}", At($"{day}T08:00:00+08:00"), "repair", e.Region, "service", e.Id,
                At($"{day}T{9 + i % 14:D2}:00:00+08:00"), At("2026-11-30T12:00:00+08:00"), i % 6 == 0 ? "fail" : "pass"));
            engine.Add(new Visit($"VI-{i:D3}", Day(day), e.Id, customers[(i * 7) % employees].Id, VisitsFamily.Types[i % VisitsFamily.Types.Count],
                i % 4, null, null, null));
            engine.Add(new PeerReview($"P-{i:D3}", Day(day), e.Department == "service" ? "marketing" : "service", e.Department, e.Id, 1 + i % 5));
            engine.Add(new ResearchTask($"R-{i:D3}", Day(day), "市场调研", null, e.Id, i % 3 == 0 ? null : Day("2026-11-29")));
            if (i % 10 == 0)
            {
                engine.Add(new CorrectiveAction($"CA-{i:D3}", At("2026-11-02T09:00:00+08:00"), Day(day), e.Department, "complaintResolutionRate",
                    "employee", e.Id, e.Id, i % 20 == 0 ? At("2026-11-27T17:00:00+08:00") : null, i % 20 == 0 ? true : null));
            }
        }

        var result = engine.Complete("20261201T020000Z-large", GeneratedAt);
        return new ReportInput(result, engine.Details, engine.Figures(), new Dictionary<string, IReadOnlyList<(string Period, JsonObject Kpis)>>(),
            engine.Context);
    }

    public static ReportInput Input()
    {
        var (result, engine) = Month();
        var history = new Dictionary<string, IReadOnlyList<(string Period, JsonObject Kpis)>>
        {
            ["company:company"] =
            [
                ("2026-09", JsonNode.Parse("""{"salesAmount":{"value":7000},"salesCompletionRate":{"value":0.7},"satisfactionIndex":{"value":71.5},"complaintResolutionRate":{"value":0.8},"complaintTimelyResponseRate":{"value":0.9},"nps":{"value":20}}""")!.AsObject()),
                ("2026-10", JsonNode.Parse("""{"salesAmount":{"value":2000},"salesCompletionRate":{"value":0.2},"satisfactionIndex":{"value":75},"complaintResolutionRate":{"value":1},"complaintTimelyResponseRate":{"value":1},"nps":{"value":100}}""")!.AsObject()),
            ],
        };
        return new ReportInput(result, engine.Details, engine.Figures(), history, engine.Context);
    }
}
