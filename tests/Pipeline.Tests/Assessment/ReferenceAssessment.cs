using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Tests.Assessment;

// An independent reference computation of the KPIs of CONTRACT §1–§3 and docs/decisions.md ("Assessment"),
// written from the specification texts only, to check the pipeline's assessment against.
public sealed record ReferenceOptions(
    string TimeZone = "Asia/Shanghai", int GraceDays = 0,
    double ComplaintResponseHours = 24, double InquiryReplyHours = 4, double ServiceResponseHours = 24);

public static class ReferenceAssessment
{
    private const double Z = 1.959963984540054;

    private static readonly string[] Dimensions = ["productQuality", "serviceQuality", "price", "credit"];

    // Satisfaction:Weights defaults.
    private static readonly Dictionary<string, double> Weights = new()
    {
        ["productQuality"] = 0.35, ["serviceQuality"] = 0.35, ["price"] = 0.15, ["credit"] = 0.15,
    };

    // The contract's default scorecard (CONTRACT §3, Scorecard): (KPI, weight, goal, lower is better).
    private static readonly Dictionary<string, (string Kpi, double Weight, double Goal, bool Lower)[]> Scorecard = new()
    {
        ["sales"] =
        [
            ("salesCompletionRate", 0.4, 1.0, false), ("collectionRate", 0.15, 0.95, false),
            ("newCustomerCompletionRate", 0.1, 1.0, false), ("satisfactionIndex", 0.15, 85, false),
            ("keyCustomerCoverage", 0.05, 1.0, false), ("customerFileCompleteness", 0.05, 1.0, false),
            ("expenseControlRate", 0.1, 1.0, true),
        ],
        ["service"] =
        [
            ("complaintResolutionRate", 0.2, 0.95, false), ("complaintTimelyResponseRate", 0.15, 0.9, false),
            ("serviceTimelyResponseRate", 0.15, 0.9, false), ("serviceQualityPassRate", 0.1, 0.95, false),
            ("inquiryTimelyReplyRate", 0.1, 0.9, false), ("complaintFollowUpSatisfaction", 0.15, 4.5, false),
            ("correctiveActionClosureRate", 0.05, 1.0, false), ("coordinationScore", 0.1, 4.5, false),
        ],
        ["marketing"] =
        [
            ("researchCompletionRate", 0.25, 1.0, false), ("campaignEffectiveness", 0.25, 80, false),
            ("satisfactionIndex", 0.2, 85, false), ("coordinationScore", 0.1, 4.5, false),
            ("expenseControlRate", 0.2, 1.0, true),
        ],
    };

    private static readonly string[] TargetFields = ["salesAmount", "grossProfit", "newProductSales", "newCustomers", "expenseBudget"];

    private sealed record Employee(string Id, string Department, string? Region);

    // A record of the period with the department, region and employee it counts toward.
    private sealed record Item(string Kind, JsonObject R, string? Department, string? Region, string? EmployeeId);

    private sealed record Context(
        DateTimeOffset Cutoff, DateOnly CutoffDate, ReferenceOptions Options,
        DateTimeOffset PeriodStart, TimeZoneInfo Tz,
        IReadOnlyDictionary<string, JsonObject> Customers, IReadOnlySet<string> VisitedCustomers);

    private static readonly string[] VisitTypes = ["routine", "holiday", "usageTracking", "returnVisit", "complaintFollowUp"];

    private static readonly string[] FileParts = ["hasLegalDocs", "hasContacts", "hasCreditInfo", "hasProductionInfo", "hasTradeHistory"];

    public static Dictionary<string, Dictionary<string, double?>> Compute(
        IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> records, string period, ReferenceOptions options)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

        // ---- period, cut-off ----
        period = period.Trim();
        bool annual = period.Length == 4;
        int year = int.Parse(period[..4], CultureInfo.InvariantCulture);
        int month = annual ? 1 : int.Parse(period[5..7], CultureInfo.InvariantCulture);
        var start = new DateOnly(year, month, 1);
        var next = annual ? start.AddYears(1) : start.AddMonths(1);
        var cutoffDate = next.AddDays(options.GraceDays);
        bool InPeriod(DateOnly d) => d >= start && d < next;

        IReadOnlyList<JsonObject> Kind(string kind) => records.TryGetValue(kind, out var list) ? list : [];

        // ---- customers: master data (the customer file), stale updates ignored (CONTRACT §2) ----
        var customers = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var c in Upsert(Kind("customers"), hasUpdatedAt: true))
            customers[Str(c, "id")!] = c;
        string? FileRegion(string? customerId) =>
            customerId is not null && customers.TryGetValue(customerId, out var c) ? Str(c, "region") : null;

        // ---- visits of the period (needed before the KPIs: key-customer coverage counts a visit by anyone) ----
        var periodVisits = Upsert(Kind("visits"), hasUpdatedAt: true).Where(v => InPeriod(Date(v, "date")!.Value)).ToList();
        var visited = periodVisits.Select(v => Str(v, "customerId")!).ToHashSet(StringComparer.Ordinal);

        var ctx = new Context(LocalMidnight(cutoffDate, tz), cutoffDate, options,
            LocalMidnight(start, tz), tz, customers, visited);

        // ---- master data ----
        var employees = new Dictionary<string, Employee>(StringComparer.Ordinal);
        foreach (var e in Upsert(Kind("employees"), hasUpdatedAt: false))
        {
            var id = Str(e, "id")!;
            employees[id] = new Employee(id, Str(e, "department")!, Str(e, "region"));
        }
        Employee? Emp(string? id) => id is not null && employees.TryGetValue(id, out var e) ? e : null;

        // ---- targets of the period: scope key -> field -> sum (null when no month gives it) ----
        var targetsById = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var t in Kind("targets"))
            targetsById[$"{Str(t, "period")}|{Str(t, "scope")!.ToLowerInvariant()}|{Str(t, "scopeId")}"] = t;
        var targets = new Dictionary<string, Dictionary<string, decimal?>>(StringComparer.Ordinal);
        foreach (var t in targetsById.Values)
        {
            var tp = Str(t, "period")!;
            bool inPeriod = annual ? tp.StartsWith(period + "-", StringComparison.Ordinal) : tp == period;
            if (!inPeriod) continue;
            var key = $"{Str(t, "scope")!.ToLowerInvariant()}:{Str(t, "scopeId")}";
            if (!targets.TryGetValue(key, out var sums))
                targets[key] = sums = TargetFields.ToDictionary(f => f, _ => (decimal?)null);
            foreach (var f in TargetFields)
                if (Dec(t, f) is decimal v) sums[f] = (sums[f] ?? 0m) + v;
        }

        // ---- records of the period, attributed ----
        var items = new List<Item>();
        DateOnly LocalDate(DateTimeOffset ts) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(ts, tz).DateTime);

        foreach (var r in Upsert(Kind("sales"), false))
        {
            if (!InPeriod(Date(r, "date")!.Value)) continue;
            var emp = Str(r, "employeeId");
            var e = Emp(emp);
            items.Add(new Item("sales", r, Str(r, "department") ?? e?.Department ?? "sales", Str(r, "region") ?? e?.Region, emp));
        }
        foreach (var r in Upsert(Kind("surveys"), false))
        {
            if (!InPeriod(Date(r, "date")!.Value)) continue;
            var emp = Str(r, "employeeId");
            var e = Emp(emp);
            items.Add(new Item("surveys", r, Str(r, "department") ?? e?.Department, Str(r, "region") ?? e?.Region, emp));
        }
        foreach (var r in Upsert(Kind("expenses"), false))
        {
            if (!InPeriod(Date(r, "date")!.Value)) continue;
            var emp = Str(r, "employeeId");
            var e = Emp(emp);
            items.Add(new Item("expenses", r, Str(r, "department"), Str(r, "region") ?? e?.Region, emp));
        }
        foreach (var r in Upsert(Kind("researchTasks"), false))
        {
            if (!InPeriod(Date(r, "plannedDate")!.Value)) continue;
            var emp = Str(r, "employeeId");
            var e = Emp(emp);
            items.Add(new Item("researchTasks", r, Str(r, "department") ?? e?.Department ?? "marketing", e?.Region, emp));
        }
        foreach (var (kind, anchor) in new[] { ("complaints", "receivedAt"), ("inquiries", "receivedAt"), ("serviceTickets", "openedAt") })
        {
            foreach (var r in Upsert(Kind(kind), true))
            {
                if (!InPeriod(LocalDate(Ts(r, anchor)!.Value))) continue;
                items.Add(new Item(kind, r, Str(r, "department") ?? "service", Str(r, "region"), Str(r, "handlerId")));
            }
        }
        // Peer reviews count toward the company, the reviewed department and the reviewed employee: no region.
        foreach (var r in Upsert(Kind("peerReviews"), false))
        {
            if (!InPeriod(Date(r, "date")!.Value)) continue;
            items.Add(new Item("peerReviews", r, Str(r, "department"), null, Str(r, "employeeId")));
        }
        foreach (var r in Upsert(Kind("campaigns"), false))
        {
            if (!InPeriod(Date(r, "startDate")!.Value)) continue;
            items.Add(new Item("campaigns", r, Str(r, "department") ?? "marketing", null, null));
        }
        // Visits (§2): department own, else the employee's; region own, else the customer's file's, else the employee's.
        foreach (var r in periodVisits)
        {
            var emp = Str(r, "employeeId");
            var e = Emp(emp);
            items.Add(new Item("visits", r, Str(r, "department") ?? e?.Department,
                Str(r, "region") ?? FileRegion(Str(r, "customerId")) ?? e?.Region, emp));
        }
        // Corrective actions (§3): anchored on dueDate; company, their department and their ownerId employee, no region.
        foreach (var r in Upsert(Kind("correctiveActions"), true))
        {
            if (!InPeriod(Date(r, "dueDate")!.Value)) continue;
            items.Add(new Item("correctiveActions", r, Str(r, "department"), null, Str(r, "ownerId")));
        }

        // Receivables (§2, §3). Attribution: department own, else the employee's (master data), else `sales` — also for
        // an employeeId the master data does not know, as for a sale (docs/decisions.md, "Receivables"). Region own,
        // else the customer's file region, else the employee's. guaranteeDeductions count toward the company, the
        // guarantor (employee guarantorId, known or not) and the guarantor's master-data department, no region.
        // Which receivables of the period name scopes (the lead's choice, assumed here): a receivable names a scope when
        // it is counted in one of that scope's figures — due in the period (receivablesDue, collectionRate), overdue at
        // the cut-off with a balance (overdueReceivables, look-back of 365 days), or deducted in the period
        // (guaranteeDeductions: the guarantor and the guarantor's department only). A look-back receivable without a
        // balance, or one due after the period, names nothing. This reference computes no `inputs` (the HTTP comparison
        // reads the scopes only); there the lead's choice is that `inputs.receivables` counts the receivables due in the
        // period, not the look-back ones.
        foreach (var r in Upsert(Kind("receivables"), hasUpdatedAt: true))
        {
            var due = Date(r, "dueDate")!.Value;
            var emp = Str(r, "employeeId");
            var e = Emp(emp);
            var department = Str(r, "department") ?? e?.Department ?? "sales";
            var region = Str(r, "region") ?? FileRegion(Str(r, "customerId")) ?? e?.Region;
            var balance = Balance(r, cutoffDate, tz);
            if (InPeriod(due))
                items.Add(new Item("receivablesDue", r, department, region, emp));
            int days = cutoffDate.DayNumber - due.DayNumber;
            if (days is >= 1 and <= 365 && balance > 0)
                items.Add(new Item("overdueReceivables", r, department, region, emp));
            if (Str(r, "guarantorId") is string guarantor && Dec(r, "guaranteeAmount") is decimal g && g > 0
                && InPeriod(due.AddDays(91)) && balance > 0)
                items.Add(new Item("guaranteeDeductions", r, Emp(guarantor)?.Department, null, guarantor));
        }

        // Customer-file KPIs (§3): each customer counts toward the company, its keeper (employee keeperId, known or not),
        // the keeper's department from master data and its region (the file's, else the keeper's); without a keeper the
        // company and the file's region only; a customer without a file the company only.
        Item FileItem(string kind, string customerId)
        {
            if (!customers.TryGetValue(customerId, out var c))
                return new Item(kind, new JsonObject { ["id"] = customerId }, null, null, null);
            var keeper = Str(c, "keeperId");
            var k = Emp(keeper);
            return keeper is null
                ? new Item(kind, c, null, Str(c, "region"), null)
                : new Item(kind, c, k?.Department, Str(c, "region") ?? k?.Region, keeper);
        }
        // Every customer in the master data (active or not, as for employees): the KPIs select the active ones.
        foreach (var id in customers.Keys)
            items.Add(FileItem("customerFiles", id));
        // customerFileCurrency: the customers with at least one sale in the period, with a file or without.
        foreach (var id in items.Where(i => i.Kind == "sales").Select(i => Str(i.R, "customerId")!).Distinct(StringComparer.Ordinal).ToList())
            items.Add(FileItem("customersWithSales", id));

        // ---- scopes ----
        var departments = new SortedSet<string>(StringComparer.Ordinal);
        var regions = new SortedSet<string>(StringComparer.Ordinal);
        var employeeScopes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in employees.Values)
        {
            employeeScopes.Add(e.Id);
            departments.Add(e.Department);
            if (e.Region is not null) regions.Add(e.Region);
        }
        foreach (var i in items)
        {
            if (i.Department is not null) departments.Add(i.Department);
            if (i.Region is not null) regions.Add(i.Region);
            if (i.EmployeeId is not null) employeeScopes.Add(i.EmployeeId);
        }
        foreach (var key in targets.Keys)
        {
            var parts = key.Split(':', 2);
            switch (parts[0])
            {
                case "department": departments.Add(parts[1]); break;
                case "region": regions.Add(parts[1]); break;
                case "employee": employeeScopes.Add(parts[1]); break;
            }
        }

        // ---- KPIs per scope ----
        var result = new Dictionary<string, Dictionary<string, double?>>(StringComparer.Ordinal);
        Dictionary<string, decimal?>? TargetOf(string key) => targets.TryGetValue(key, out var t) ? t : null;
        result["company:company"] = Kpis(items, TargetOf("company:company"), ctx);
        foreach (var d in departments)
            result[$"department:{d}"] = Kpis(items.Where(i => i.Department == d).ToList(), TargetOf($"department:{d}"), ctx);
        foreach (var g in regions)
            result[$"region:{g}"] = Kpis(items.Where(i => i.Region == g).ToList(), TargetOf($"region:{g}"), ctx);
        foreach (var e in employeeScopes)
            result[$"employee:{e}"] = Kpis(items.Where(i => i.EmployeeId == e).ToList(), TargetOf($"employee:{e}"), ctx);

        // ---- scorecard ----
        foreach (var kpis in result.Values)
        {
            kpis["score"] = null;
            kpis["rank"] = null;
        }
        foreach (var d in departments)
        {
            var kpis = result[$"department:{d}"];
            kpis["score"] = Score(kpis, d);
        }
        Rank(departments.Select(d => (d, result[$"department:{d}"])));
        foreach (var e in employeeScopes)
        {
            var kpis = result[$"employee:{e}"];
            var master = Emp(e);
            kpis["score"] = master is null ? null : Score(kpis, master.Department);
        }
        foreach (var group in employeeScopes.Where(e => Emp(e) is not null).GroupBy(e => Emp(e)!.Department, StringComparer.Ordinal))
            Rank(group.Select(e => (e, result[$"employee:{e}"])));

        return result;
    }

    // ---------------------------------------------------------------- KPIs of one scope

    private static Dictionary<string, double?> Kpis(List<Item> items, Dictionary<string, decimal?>? target, Context ctx)
    {
        var k = new Dictionary<string, double?>(StringComparer.Ordinal);
        List<JsonObject> Of(string kind) => items.Where(i => i.Kind == kind).Select(i => i.R).ToList();
        var sales = Of("sales");
        var expenses = Of("expenses");
        var complaints = Of("complaints");
        var inquiries = Of("inquiries");
        var tickets = Of("serviceTickets");
        var surveys = Of("surveys");
        var research = Of("researchTasks");
        var campaigns = Of("campaigns");
        var o = ctx.Options;

        // amounts and ratios to targets
        decimal salesAmount = sales.Sum(s => Dec(s, "amount") ?? 0m);
        decimal grossProfit = sales.Sum(s => Dec(s, "grossProfit") ?? 0m);
        decimal newProductSales = sales.Where(s => Bool(s, "newProduct")).Sum(s => Dec(s, "amount") ?? 0m);
        int newCustomers = sales.Where(s => Bool(s, "newCustomer")).Select(s => Str(s, "customerId")).Distinct(StringComparer.Ordinal).Count();
        decimal expenseAmount = expenses.Sum(e => Dec(e, "amount") ?? 0m);
        k["salesAmount.value"] = (double)salesAmount;
        k["grossProfit.value"] = (double)grossProfit;
        k["newProductSales.value"] = (double)newProductSales;
        k["newCustomers.value"] = newCustomers;
        k["expenseAmount.value"] = (double)expenseAmount;
        Ratio(k, "salesCompletionRate", (double)salesAmount, target?["salesAmount"]);
        Ratio(k, "profitCompletionRate", (double)grossProfit, target?["grossProfit"]);
        Ratio(k, "newProductCompletionRate", (double)newProductSales, target?["newProductSales"]);
        Ratio(k, "newCustomerCompletionRate", newCustomers, target?["newCustomers"]);
        Ratio(k, "expenseControlRate", (double)expenseAmount, target?["expenseBudget"]);

        // complaints
        k["complaintsReceived.value"] = complaints.Count;
        k["complaintsReceived.byCategory.quality"] = complaints.Count(c => Lower(c, "category") == "quality");
        k["complaintsReceived.byCategory.service"] = complaints.Count(c => Lower(c, "category") == "service");
        var resolved = complaints.Where(c => Ts(c, "resolvedAt") is DateTimeOffset r && r < ctx.Cutoff).ToList();
        Wilson(k, "complaintResolutionRate", resolved.Count, complaints.Count);
        Wilson(k, "complaintTimelyResponseRate",
            complaints.Count(c => Within(Ts(c, "receivedAt")!.Value, Ts(c, "firstResponseAt"), o.ComplaintResponseHours)),
            complaints.Count);
        var hours = resolved.Select(c => (Ts(c, "resolvedAt")!.Value - Ts(c, "receivedAt")!.Value).TotalHours).OrderBy(h => h).ToList();
        k["complaintResolutionHours.value"] = hours.Count == 0 ? null : Percentile(hours, 0.5);
        k["complaintResolutionHours.p90"] = hours.Count == 0 ? null : Percentile(hours, 0.9);
        k["complaintResolutionHours.n"] = hours.Count;
        var followUps = complaints.Select(c => Num(c, "followUpSatisfaction")).OfType<double>().ToList();
        k["complaintFollowUpSatisfaction.value"] = Mean(followUps);
        k["complaintFollowUpSatisfaction.n"] = followUps.Count;

        // inquiries, service tickets
        Wilson(k, "inquiryTimelyReplyRate",
            inquiries.Count(i => Within(Ts(i, "receivedAt")!.Value, Ts(i, "firstReplyAt"), o.InquiryReplyHours)),
            inquiries.Count);
        Wilson(k, "serviceTimelyResponseRate",
            tickets.Count(t => Within(Ts(t, "openedAt")!.Value, Ts(t, "respondedAt"), o.ServiceResponseHours)),
            tickets.Count);
        var checkedTickets = tickets.Where(t => Lower(t, "qualityCheck") is not null).ToList();
        Wilson(k, "serviceQualityPassRate", checkedTickets.Count(t => Lower(t, "qualityCheck") == "pass"), checkedTickets.Count);
        // serviceCompletionHours: completedAt − openedAt in hours over tickets opened in the period and completed
        // before the cut-off; median, p90 (PERCENTILE.INC) and n.
        var completionHours = tickets
            .Where(t => Ts(t, "completedAt") is DateTimeOffset c && c < ctx.Cutoff)
            .Select(t => (Ts(t, "completedAt")!.Value - Ts(t, "openedAt")!.Value).TotalHours)
            .OrderBy(h => h).ToList();
        k["serviceCompletionHours.value"] = completionHours.Count == 0 ? null : Percentile(completionHours, 0.5);
        k["serviceCompletionHours.p90"] = completionHours.Count == 0 ? null : Percentile(completionHours, 0.9);
        k["serviceCompletionHours.n"] = completionHours.Count;

        // surveys
        var periodic = surveys.Where(s => Lower(s, "kind") != "followup").ToList();
        var followUpSurveys = surveys.Where(s => Lower(s, "kind") == "followup").ToList();

        var index = periodic.Select(Index).OfType<double>().ToList();
        k["satisfactionIndex.value"] = Mean(index);
        k["satisfactionIndex.n"] = index.Count;
        if (index.Count >= 2)
        {
            double mean = index.Average();
            double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, index.Count - 1, 0.975);
            double half = t * Math.Sqrt(SampleVariance(index)) / Math.Sqrt(index.Count);
            k["satisfactionIndex.ciLow"] = mean - half;
            k["satisfactionIndex.ciHigh"] = mean + half;
        }
        else
        {
            k["satisfactionIndex.ciLow"] = null;
            k["satisfactionIndex.ciHigh"] = null;
        }

        foreach (var dim in Dimensions)
        {
            var scores = periodic.Select(s => Num(s, dim)).OfType<double>().ToList();
            k[$"satisfactionByDimension.{dim}.value"] = Mean(scores);
            k[$"satisfactionByDimension.{dim}.n"] = scores.Count;
        }

        // csatRate, nps and cronbachAlpha: periodic responses only (CONTRACT §3).
        var overall = periodic.Select(s => Num(s, "overall")).OfType<double>().ToList();
        Wilson(k, "csatRate", overall.Count(v => v >= 4), overall.Count);

        var recommend = periodic.Select(s => Num(s, "recommend")).OfType<double>().ToList();
        k["nps.n"] = recommend.Count;
        if (recommend.Count == 0)
        {
            k["nps.value"] = null;
            k["nps.ciLow"] = null;
            k["nps.ciHigh"] = null;
        }
        else
        {
            double n = recommend.Count;
            double pPlus = recommend.Count(v => v >= 9) / n;
            double pMinus = recommend.Count(v => v <= 6) / n;
            double value = 100 * (pPlus - pMinus);
            double margin = 100 * Z * Math.Sqrt((pPlus + pMinus - (pPlus - pMinus) * (pPlus - pMinus)) / n);
            k["nps.value"] = value;
            k["nps.ciLow"] = value - margin;
            k["nps.ciHigh"] = value + margin;
        }

        var complete = periodic
            .Select(s => Dimensions.Select(d => Num(s, d)).ToArray())
            .Where(a => a.All(v => v is not null))
            .Select(a => a.Select(v => v!.Value).ToArray())
            .ToList();
        k["cronbachAlpha.value"] = CronbachAlpha(complete);
        k["cronbachAlpha.n"] = complete.Count;

        var followIndex = followUpSurveys.Select(Index).OfType<double>().ToList();
        k["followUpSatisfactionIndex.value"] = Mean(followIndex);
        k["followUpSatisfactionIndex.n"] = followIndex.Count;

        // marketing
        Wilson(k, "researchCompletionRate",
            research.Count(r => Date(r, "completedDate") is DateOnly d && d < ctx.CutoffDate), research.Count);
        var campaignScores = campaigns.Select(CampaignScore).OfType<double>().ToList();
        k["campaignEffectiveness.value"] = Mean(campaignScores);
        k["campaignEffectiveness.n"] = campaignScores.Count;

        // coordination: the mean peer-review score with a Student t interval from n = 2
        var reviews = Of("peerReviews").Select(r => Num(r, "score")).OfType<double>().ToList();
        k["coordinationScore.value"] = Mean(reviews);
        k["coordinationScore.n"] = reviews.Count;
        if (reviews.Count >= 2)
        {
            double half = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, reviews.Count - 1, 0.975) * Math.Sqrt(SampleVariance(reviews)) / Math.Sqrt(reviews.Count);
            k["coordinationScore.ciLow"] = reviews.Average() - half;
            k["coordinationScore.ciHigh"] = reviews.Average() + half;
        }
        else
        {
            k["coordinationScore.ciLow"] = null;
            k["coordinationScore.ciHigh"] = null;
        }

        // visits and opinions: visits in the period, with a count per type (zeros included); Σ opinions
        var visits = Of("visits");
        k["visits.value"] = visits.Count;
        foreach (var type in VisitTypes)
            k[$"visits.byType.{type}"] = visits.Count(v => string.Equals(Str(v, "type"), type, StringComparison.OrdinalIgnoreCase));
        k["opinionsCollected.value"] = visits.Sum(v => Num(v, "opinions") ?? 0);

        // customer files: rates of active customers attributed to this scope
        var activeCustomers = Of("customerFiles").Where(c => BoolOr(c, "active", true)).ToList();
        var keyCustomers = activeCustomers.Where(c => Str(c, "grade")?.ToUpperInvariant() is "A" or "B").ToList();
        // keyCustomerCoverage: active key customers visited at least once in the period, by anyone / active key customers
        Wilson(k, "keyCustomerCoverage", keyCustomers.Count(c => ctx.VisitedCustomers.Contains(Str(c, "id")!)), keyCustomers.Count);
        // customerFileCompleteness: active customers whose file holds all five parts / active customers
        Wilson(k, "customerFileCompleteness", activeCustomers.Count(c => FileParts.All(p => Bool(c, p))), activeCustomers.Count);
        // customerFileApprovalRate: active customers whose approvedAt is before the cut-off / active customers
        Wilson(k, "customerFileApprovalRate",
            activeCustomers.Count(c => Ts(c, "approvedAt") is DateTimeOffset a && a < ctx.Cutoff), activeCustomers.Count);
        // customerFileCurrency: customers with a sale in the period whose fileUpdatedAt is at or after the period's start
        // and before the cut-off / customers with a sale in the period (a customer without a file counts below the line)
        var withSales = Of("customersWithSales");
        Wilson(k, "customerFileCurrency",
            withSales.Count(c => Ts(c, "fileUpdatedAt") is DateTimeOffset u && u >= ctx.PeriodStart && u < ctx.Cutoff), withSales.Count);

        // salesWithoutApprovedFile: sales (toward their own scopes) whose customer has no file, or no approvedAt, or one
        // later than the end of the sale's local date (at or after the local midnight that starts the next day)
        var unapproved = sales.Where(s =>
        {
            if (!ctx.Customers.TryGetValue(Str(s, "customerId")!, out var c)) return true;
            if (Ts(c, "approvedAt") is not DateTimeOffset a) return true;
            return a >= LocalMidnight(Date(s, "date")!.Value.AddDays(1), ctx.Tz);
        }).ToList();
        k["salesWithoutApprovedFile.value"] = (double)unapproved.Sum(s => Dec(s, "amount") ?? 0m);
        k["salesWithoutApprovedFile.count"] = unapproved.Count;

        // receivables: amounts are exact decimal sums; collectionRate a ratio of money (no interval)
        var dueReceivables = Of("receivablesDue");
        decimal receivablesDue = dueReceivables.Sum(r => Dec(r, "amount")!.Value);
        decimal collected = dueReceivables.Where(r => PaidBefore(r, ctx.CutoffDate, ctx.Tz)).Sum(r => Dec(r, "paidAmount") ?? 0m);
        k["receivablesDue.value"] = (double)receivablesDue;
        k["collectionRate.numerator"] = (double)collected;
        k["collectionRate.denominator"] = (double)receivablesDue;
        k["collectionRate.value"] = receivablesDue == 0 ? null : (double)collected / (double)receivablesDue;
        // overdueReceivables: balance at the cut-off of receivables due 1–365 days before the cut-off's date, by age
        var overdue = Of("overdueReceivables");
        decimal OverdueBalance(Func<int, bool> age) => overdue
            .Where(r => age(ctx.CutoffDate.DayNumber - Date(r, "dueDate")!.Value.DayNumber))
            .Sum(r => Balance(r, ctx.CutoffDate, ctx.Tz));
        k["overdueReceivables.value"] = (double)OverdueBalance(_ => true);
        k["overdueReceivables.count"] = overdue.Count;
        k["overdueReceivables.byAge.1-30"] = (double)OverdueBalance(d => d <= 30);
        k["overdueReceivables.byAge.31-90"] = (double)OverdueBalance(d => d is >= 31 and <= 90);
        k["overdueReceivables.byAge.91+"] = (double)OverdueBalance(d => d >= 91);
        // guaranteeDeductions: Σ min(guaranteeAmount, balance at the cut-off), with count
        var deductions = Of("guaranteeDeductions");
        k["guaranteeDeductions.value"] = (double)deductions.Sum(r => Math.Min(Dec(r, "guaranteeAmount")!.Value, Balance(r, ctx.CutoffDate, ctx.Tz)));
        k["guaranteeDeductions.count"] = deductions.Count;

        // corrective actions due in the period
        var actions = Of("correctiveActions");
        // correctiveActionClosureRate: closedAt's local date on or before dueDate / actions due
        Wilson(k, "correctiveActionClosureRate",
            actions.Count(a => Ts(a, "closedAt") is DateTimeOffset c
                               && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(c, ctx.Tz).DateTime) <= Date(a, "dueDate")!.Value),
            actions.Count);
        // correctiveActionEffectiveness: closed before the cut-off (instant) with effective true / closed before the cut-off
        var closed = actions.Where(a => Ts(a, "closedAt") is DateTimeOffset c && c < ctx.Cutoff).ToList();
        Wilson(k, "correctiveActionEffectiveness", closed.Count(a => Bool(a, "effective")), closed.Count);

        return k;
    }

    // ---------------------------------------------------------------- formulas

    private static void Ratio(Dictionary<string, double?> k, string name, double numerator, decimal? target)
    {
        double denominator = (double)(target ?? 0m);
        k[$"{name}.numerator"] = numerator;
        k[$"{name}.denominator"] = denominator;
        k[$"{name}.value"] = denominator == 0 ? null : numerator / denominator;
    }

    private static void Wilson(Dictionary<string, double?> k, string name, int x, int n)
    {
        k[$"{name}.numerator"] = x;
        k[$"{name}.denominator"] = n;
        if (n == 0)
        {
            k[$"{name}.value"] = null;
            k[$"{name}.ciLow"] = null;
            k[$"{name}.ciHigh"] = null;
            return;
        }
        double p = (double)x / n;
        double z2 = Z * Z;
        double denom = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denom;
        double half = Z / denom * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        k[$"{name}.value"] = p;
        k[$"{name}.ciLow"] = Math.Max(0, center - half);
        k[$"{name}.ciHigh"] = Math.Min(1, center + half);
    }

    // A receivable's payment counts at the cut-off when its paidAt (a date; a timestamp is taken at its local date) is
    // before the cut-off's date.
    private static bool PaidBefore(JsonObject r, DateOnly cutoffDate, TimeZoneInfo tz) =>
        LocalDay(r, "paidAt", tz) is DateOnly paidAt && paidAt < cutoffDate;

    // The balance at the cut-off: amount − paidAmount when paidAt is before the cut-off's date, else the whole amount.
    private static decimal Balance(JsonObject r, DateOnly cutoffDate, TimeZoneInfo tz) =>
        Dec(r, "amount")!.Value - (PaidBefore(r, cutoffDate, tz) ? Dec(r, "paidAmount") ?? 0m : 0m);

    private static bool Within(DateTimeOffset from, DateTimeOffset? to, double slaHours) =>
        to is DateTimeOffset t && t - from <= TimeSpan.FromHours(slaHours);

    private static double? Mean(List<double> values) => values.Count == 0 ? null : values.Average();

    private static double SampleVariance(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        return values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
    }

    // Excel PERCENTILE.INC over sorted values.
    private static double Percentile(List<double> sorted, double p)
    {
        double h = (sorted.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        if (lo >= sorted.Count - 1) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    private static double? CronbachAlpha(List<double[]> responses)
    {
        if (responses.Count < 2) return null;
        int items = Dimensions.Length;
        double itemVariances = Enumerable.Range(0, items).Sum(j => SampleVariance(responses.Select(r => r[j]).ToList()));
        double totalVariance = SampleVariance(responses.Select(r => r.Sum()).ToList());
        if (totalVariance == 0) return null;
        return (double)items / (items - 1) * (1 - itemVariances / totalVariance);
    }

    // Per-response satisfaction index over the dimensions answered.
    private static double? Index(JsonObject survey)
    {
        double weighted = 0, weights = 0;
        foreach (var dim in Dimensions)
        {
            if (Num(survey, dim) is not double s) continue;
            weighted += Weights[dim] * (s - 1) / 4;
            weights += Weights[dim];
        }
        return weights == 0 ? null : 100 * weighted / weights;
    }

    private static double? CampaignScore(JsonObject c)
    {
        double weighted = 0, weights = 0;
        foreach (var (planned, actual, w) in new[]
                 { ("plannedExposure", "exposure", 0.4), ("plannedParticipants", "participants", 0.3), ("plannedConversions", "conversions", 0.3) })
        {
            if (Num(c, planned) is not double p || p <= 0) continue;
            double a = Num(c, actual) ?? 0;
            weighted += w * Math.Min(1, a / p);
            weights += w;
        }
        return weights == 0 ? null : 100 * weighted / weights;
    }

    private static double? Score(Dictionary<string, double?> kpis, string department)
    {
        if (!Scorecard.TryGetValue(department, out var card)) return null;
        double sum = 0, weights = 0;
        foreach (var (kpi, weight, goal, lower) in card)
        {
            // Every scorecard KPI is computed (a missing one throws rather than dropping out unseen); a null value drops out.
            if (kpis[$"{kpi}.value"] is not double v) continue;
            double points = lower
                ? (v <= 0 ? 100 : 100 * Math.Min(1, goal / v))
                : 100 * Math.Clamp(v / goal, 0, 1);
            sum += weight * points;
            weights += weight;
        }
        return weights == 0 ? null : sum / weights;
    }

    private static void Rank(IEnumerable<(string Id, Dictionary<string, double?> Kpis)> scopes)
    {
        var ranked = scopes.Where(s => s.Kpis["score"] is not null)
            .OrderByDescending(s => s.Kpis["score"]!.Value)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        for (int i = 0; i < ranked.Count; i++) ranked[i].Kpis["rank"] = i + 1;
    }

    // ---------------------------------------------------------------- records

    // Upsert by id in list order; for kinds with updatedAt, a later record older than the kept one is ignored.
    private static List<JsonObject> Upsert(IReadOnlyList<JsonObject> list, bool hasUpdatedAt)
    {
        var kept = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var r in list)
        {
            var id = Str(r, "id")!;
            if (hasUpdatedAt && kept.TryGetValue(id, out var old)
                && Ts(r, "updatedAt") is DateTimeOffset newer && Ts(old, "updatedAt") is DateTimeOffset older
                && newer < older)
                continue;
            kept[id] = r;
        }
        return kept.Values.ToList();
    }

    // The local midnight starting `date` in the time zone, as an instant (first valid instant if skipped,
    // the earlier instant if ambiguous).
    private static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo tz)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (tz.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = tz.IsAmbiguousTime(local) ? tz.GetAmbiguousTimeOffsets(local).Max() : tz.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static JsonNode? Field(JsonObject o, string name)
    {
        if (o.TryGetPropertyValue(name, out var exact)) return exact;
        foreach (var (key, value) in o)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    private static string? Str(JsonObject o, string name)
    {
        var node = Field(o, name);
        if (node is null) return null;
        string s = node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Null => "",
            _ => node.ToJsonString(),
        };
        s = s.Trim();
        return s.Length == 0 ? null : s;
    }

    private static string? Lower(JsonObject o, string name) => Str(o, name)?.ToLowerInvariant();

    private static decimal? Dec(JsonObject o, string name) =>
        Str(o, name) is string s ? decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    private static double? Num(JsonObject o, string name) => (double?)Dec(o, name);

    private static bool Bool(JsonObject o, string name) =>
        Str(o, name)?.ToLowerInvariant() is "true" or "1";

    private static bool BoolOr(JsonObject o, string name, bool absent) =>
        Str(o, name)?.ToLowerInvariant() switch { null => absent, "true" or "1" => true, _ => false };

    private static DateTimeOffset? Ts(JsonObject o, string name) =>
        Str(o, name) is string s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;

    private static DateOnly? LocalDay(JsonObject o, string name, TimeZoneInfo tz)
    {
        if (Str(o, name) is not string s) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(s, CultureInfo.InvariantCulture), tz).DateTime);
    }

    private static DateOnly? Date(JsonObject o, string name)
    {
        if (Str(o, name) is not string s) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        if (DateOnly.TryParse(s, CultureInfo.InvariantCulture, out d)) return d;
        return DateOnly.FromDateTime(DateTimeOffset.Parse(s, CultureInfo.InvariantCulture).DateTime);
    }
}
