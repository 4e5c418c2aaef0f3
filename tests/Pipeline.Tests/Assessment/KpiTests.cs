using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Kpis;
using static Pipeline.Tests.Assessment.Build;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Assessment;

/// <summary>Every KPI of CONTRACT §3 on small tables worked out by hand (the arithmetic is in the comments).</summary>
public sealed class KpiTests
{
    private static IReadOnlyDictionary<string, KpiValue> Kpis(AssessmentEngine engine, ScopeKind kind, string id) =>
        engine.Figures().Single(f => f.Key == (kind == ScopeKind.Company ? ScopeKey.Company : new ScopeKey(kind, id))).Kpis;

    private static T Kpi<T>(AssessmentEngine engine, string kpi, ScopeKind kind = ScopeKind.Company, string id = "company") where T : KpiValue =>
        (T)Kpis(engine, kind, id)[kpi];

    private static AssessmentEngine SalesEngine()
    {
        var engine = Engine("2026-11", null, Employee("E1", "sales", "east"), Employee("E2", "sales", "west"), Employee("E3", "service", "east"));
        engine.Add(Target("company", "company", sales: 5000));
        engine.Add(Target("employee", "E1", sales: 2000, newCustomers: 4));
        engine.Add(Target("department", "sales", sales: 4000, profit: 500));
        engine.Add(Target("region", "east", sales: 1000));
        engine.Add(Target("company", "company", sales: 99999, period: "2026-10")); // another month: ignored
        engine.Add(Sale("S1", "E1", 1000.10m, "K1", grossProfit: 200, newProduct: true, newCustomer: true));
        engine.Add(Sale("S2", "E1", 500m, "K2", grossProfit: 100, newCustomer: true));
        engine.Add(Sale("S3", "E1", -100.10m, "K1", grossProfit: -20, newCustomer: true)); // a return; K1 again
        engine.Add(Sale("S4", "E2", 2000m, "K3", newProduct: true, region: "north"));
        engine.Add(Sale("S5", "E9", 300m, "K4")); // an employee not in master data
        return engine;
    }

    [Fact]
    public void Sales_amounts_are_exact_sums_and_completion_is_against_the_scopes_own_target()
    {
        var engine = SalesEngine();
        // 1000.10 + 500 − 100.10 + 2000 + 300 = 3700.00; 3700 / 5000 = 0.74
        Assert.Equal(3700.00m, Kpi<AmountValue>(engine, SalesFamily.SalesAmount).Value);
        var company = Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate);
        Assert.Equal((3700.00m, 5000m, 0.74), (company.Numerator, company.Denominator, company.Value!.Value));

        // E1: 1000.10 + 500 − 100.10 = 1400; 1400 / 2000 = 0.7
        Assert.Equal(0.7, Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Employee, "E1").Value!.Value, 12);
        // Department sales: E1's, E2's and E9's (no employee record: default 'sales') = 3700; / 4000 = 0.925
        Assert.Equal(0.925, Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Department, "sales").Value!.Value, 12);
        // Region east: E1's 1400 (S4 says north; E9 has no region); / 1000 = 1.4
        Assert.Equal(1.4, Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Region, "east").Value!.Value, 12);
        Assert.Equal(2000m, Kpi<AmountValue>(engine, SalesFamily.SalesAmount, ScopeKind.Region, "north").Value);
    }

    [Fact]
    public void A_scope_without_a_target_has_a_null_completion_rate_and_an_idle_one_zero_sales()
    {
        var engine = SalesEngine();
        var west = Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Region, "west");
        Assert.Equal((0m, 0m), (west.Numerator, west.Denominator));
        Assert.Null(west.Value);
        Assert.Equal(0m, Kpi<AmountValue>(engine, SalesFamily.SalesAmount, ScopeKind.Employee, "E3").Value);
        Assert.Null(Kpi<RateValue>(engine, SalesFamily.SalesCompletionRate, ScopeKind.Employee, "E3").Value);
    }

    [Fact]
    public void Profit_new_product_sales_and_new_customers()
    {
        var engine = SalesEngine();
        // Department sales gross profit: 200 + 100 − 20 = 280; / 500 = 0.56
        var profit = Kpi<RateValue>(engine, SalesFamily.ProfitCompletionRate, ScopeKind.Department, "sales");
        Assert.Equal((280m, 500m), (profit.Numerator, profit.Denominator));
        Assert.Equal(0.56, profit.Value!.Value, 12);
        // New products: S1 1000.10 + S4 2000 = 3000.10
        Assert.Equal(3000.10m, Kpi<AmountValue>(engine, SalesFamily.NewProductSales).Value);
        // New customers of E1: distinct {K1, K2} = 2 (S3 repeats K1); target 4 → 0.5
        Assert.Equal(2, Kpi<CountValue>(engine, SalesFamily.NewCustomers, ScopeKind.Employee, "E1").Value);
        Assert.Equal(0.5, Kpi<RateValue>(engine, SalesFamily.NewCustomerCompletionRate, ScopeKind.Employee, "E1").Value!.Value, 12);
        Assert.Equal(2, Kpi<CountValue>(engine, SalesFamily.NewCustomers).Value);
    }

    [Fact]
    public void Scopes_are_the_company_and_every_department_region_and_employee_in_master_data_records_or_targets()
    {
        var scopes = SalesEngine().Figures().Select(f => f.Key.ToString()).ToList();
        Assert.Equal(
        [
            "company:company", "department:sales", "department:service", "region:east", "region:north", "region:west",
            "employee:E1", "employee:E2", "employee:E3", "employee:E9",
        ], scopes);
    }

    [Fact]
    public void Every_scope_carries_every_kpi()
    {
        Assert.All(SalesEngine().Figures(), f => Assert.Equal(KpiCatalog.KpiNames, f.Kpis.Keys));
    }

    private static AssessmentEngine ComplaintEngine(AssessmentSettings? settings = null)
    {
        var engine = Engine("2026-11", settings, Employee("E3", "service", "east"));
        // Cut-off: 2026-12-01T00:00+08:00.
        engine.Add(Complaint("C1", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-03T09:00:00+08:00", // exactly 24 h: timely
            resolvedAt: "2026-11-04T09:00:00+08:00", handler: "E3", region: "east")); // 48 h
        engine.Add(Complaint("C2", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-03T09:00:01+08:00", // 24 h + 1 s: late
            resolvedAt: "2026-11-30T23:59:59+08:00")); // before the cut-off: 686 h 59 min 59 s
        engine.Add(Complaint("C3", "2026-11-10T10:00:00Z", "quality", // no response: late
            resolvedAt: "2026-12-01T00:00:00+08:00")); // at the cut-off, not before it: unresolved
        engine.Add(Complaint("C4", "2026-11-30T23:30:00+08:00", "quality", firstResponseAt: "2026-12-01T01:00:00+08:00", // 1.5 h
            resolvedAt: "2026-12-01T05:30:00+08:00", followUp: 2)); // after the cut-off: unresolved
        engine.Add(Complaint("C5", "2026-11-15T08:00:00-05:00", firstResponseAt: "2026-11-16T08:00:00-05:00", // 24 h
            resolvedAt: "2026-11-16T20:00:00-05:00", followUp: 5)); // 36 h
        return engine;
    }

    [Fact]
    public void Complaints_received_resolved_before_the_cut_off_and_answered_within_the_sla()
    {
        var engine = ComplaintEngine();
        var received = Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived);
        Assert.Equal((5, 2L, 3L), (received.Value, received.ByCategory["quality"], received.ByCategory["service"]));

        // Resolved: C1, C2, C5 = 3 of 5. R: prop.test(3, 5, correct = FALSE)$conf.int
        var resolution = Kpi<CountRateValue>(engine, ComplaintsFamily.ComplaintResolutionRate);
        Assert.Equal((3L, 5L, 0.6), (resolution.Numerator, resolution.Denominator, resolution.Value!.Value));
        Assert.Equal(0.230724281276013, resolution.CiLow!.Value, 12);
        Assert.Equal(0.882379225767352, resolution.CiHigh!.Value, 12);

        // Timely: C1 (24 h), C4 (1.5 h), C5 (24 h) = 3 of 5; C2 (24 h + 1 s) and C3 (none) late.
        var timely = Kpi<CountRateValue>(engine, ComplaintsFamily.ComplaintTimelyResponseRate);
        Assert.Equal((3L, 5L), (timely.Numerator, timely.Denominator));
        Assert.Equal((24.0, "calendar"), (timely.SlaHours!.Value, timely.Clock!));
    }

    [Fact]
    public void Resolution_hours_are_the_median_and_p90_of_the_resolved()
    {
        // Hours: C1 48, C2 686.99972…, C5 36 → sorted 36, 48, 686.99972; median 48;
        // p90: h = 0.9 × 2 = 1.8 → 48 + 0.8 × (686.99972 − 48) = 559.19978. R: quantile(h, c(.5, .9), type = 7)
        var hours = Kpi<HoursValue>(ComplaintEngine(), ComplaintsFamily.ComplaintResolutionHours);
        Assert.Equal(3, hours.N);
        Assert.Equal(48, hours.Value!.Value, 12);
        Assert.Equal(559.199777777778, hours.P90!.Value, 9);
    }

    [Fact]
    public void Follow_up_satisfaction_is_the_mean_of_those_given()
    {
        var mean = Kpi<MeanValue>(ComplaintEngine(), ComplaintsFamily.ComplaintFollowUpSatisfaction);
        Assert.Equal((3.5, 2L), (mean.Value!.Value, mean.N)); // (2 + 5) / 2
    }

    [Fact]
    public void Complaints_count_toward_their_handler_and_record_region_and_the_service_department()
    {
        var engine = ComplaintEngine();
        Assert.Equal(1, Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived, ScopeKind.Employee, "E3").Value);
        Assert.Equal(1, Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived, ScopeKind.Region, "east").Value);
        Assert.Equal(5, Kpi<ComplaintCountValue>(engine, ComplaintsFamily.ComplaintsReceived, ScopeKind.Department, "service").Value);
    }

    [Fact]
    public void Grace_days_move_the_cut_off()
    {
        // With one grace day C3 (at 2026-12-01T00:00+08:00) and C4 (05:30 on 1 December) count as resolved.
        var engine = ComplaintEngine(new AssessmentSettings { GraceDays = 1 });
        Assert.Equal(5, Kpi<CountRateValue>(engine, ComplaintsFamily.ComplaintResolutionRate).Numerator);
    }

    [Fact]
    public void Alerts_list_the_unresolved_and_the_late_complaints()
    {
        var result = ComplaintEngine().Complete("run", At("2026-12-01T02:00:00+08:00"));
        var resolution = result.Alerts.Single(a => a.Scope == "company" && a.Kpi == ComplaintsFamily.ComplaintResolutionRate);
        Assert.Equal((0.6, 0.9, "below"), (resolution.Value, resolution.Threshold, resolution.Direction));
        Assert.Equal(["C3", "C4"], resolution.Records);
        var timely = result.Alerts.Single(a => a.Scope == "company" && a.Kpi == ComplaintsFamily.ComplaintTimelyResponseRate);
        Assert.Equal(["C2", "C3"], timely.Records);
        Assert.True(timely.SmallSample);
    }

    private static AssessmentEngine SurveyEngine()
    {
        var engine = Engine();
        // Index = 100 · Σ w·(s − 1)/4 ÷ Σ w with w = .35 .35 .15 .15:
        engine.Add(Survey("V1", 5, 4, 3, 4, overall: 5, recommend: 10)); // .35·1 + .35·.75 + .15·.5 + .15·.75 = .8 → 80
        engine.Add(Survey("V2", 2, 3, overall: 3, recommend: 6)); // (.35·.25 + .35·.5) / .7 = .375 → 37.5
        engine.Add(Survey("V3", 4, 4, 4, 4, overall: 4, recommend: 8)); // .75 → 75
        engine.Add(Survey("V4", sq: 1, credit: 5, overall: 2, recommend: 0, kind: "followUp")); // (.35·0 + .15·1) / .5 = .3 → 30
        engine.Add(Survey("V5", 3, 5, 2, 3, recommend: 9)); // .175 + .35 + .0375 + .075 = .6375 → 63.75
        return engine;
    }

    [Fact]
    public void Satisfaction_index_is_the_mean_of_periodic_responses_with_a_student_t_interval()
    {
        // Periodic: 80, 37.5, 75, 63.75 → mean 64.0625.
        // R: x <- c(80, 37.5, 75, 63.75); mean(x) + c(-1, 1) * qt(0.975, 3) * sd(x) / 2
        var index = Kpi<IntervalMeanValue>(SurveyEngine(), SurveysFamily.SatisfactionIndex);
        Assert.Equal(4, index.N);
        Assert.Equal(64.0625, index.Value!.Value, 12);
        Assert.Equal(33.8809929415022, index.CiLow!.Value, 9);
        Assert.Equal(94.2440070584978, index.CiHigh!.Value, 9);
    }

    [Fact]
    public void Each_dimension_is_averaged_over_the_periodic_responses_that_answered_it()
    {
        var dimensions = Kpi<DimensionsValue>(SurveyEngine(), SurveysFamily.SatisfactionByDimension);
        Assert.Equal((3.5, 4L), (dimensions.ProductQuality.Value!.Value, dimensions.ProductQuality.N)); // 5 2 4 3
        Assert.Equal((4.0, 4L), (dimensions.ServiceQuality.Value!.Value, dimensions.ServiceQuality.N)); // 4 3 4 5 (V4 is a follow-up)
        Assert.Equal((3.0, 3L), (dimensions.Price.Value!.Value, dimensions.Price.N)); // 3 4 2
        Assert.Equal(11.0 / 3, dimensions.Credit.Value!.Value, 12); // 4 4 3
    }

    [Fact]
    public void Csat_nps_and_alpha_use_every_response_that_answers_them()
    {
        var engine = SurveyEngine();
        // Overall ≥ 4: V1 (5), V3 (4) of V1, V2, V3, V4 → 2 / 4.
        var csat = Kpi<CountRateValue>(engine, SurveysFamily.CsatRate);
        Assert.Equal((2L, 4L), (csat.Numerator, csat.Denominator));

        // Recommend: 10 P, 6 D, 8 –, 0 D, 9 P → 100 (2 − 2) / 5 = 0; margin 100 z √((.4 + .4 − 0) / 5) = 78.3985593816022 (R)
        var nps = Kpi<IntervalMeanValue>(engine, SurveysFamily.Nps);
        Assert.Equal((0.0, 5L), (nps.Value!.Value, nps.N));
        Assert.Equal(-78.3985593816022, nps.CiLow!.Value, 9);
        Assert.Equal(78.3985593816022, nps.CiHigh!.Value, 9);

        // All four answered: V1 (5 4 3 4), V3 (4 4 4 4), V5 (3 5 2 3). Item variances 1, 1/3, 1, 1/3;
        // totals 16 16 13 → variance 3; α = 4/3 · (1 − (8/3)/3) = 4/27.
        var alpha = Kpi<MeanValue>(engine, SurveysFamily.CronbachAlpha);
        Assert.Equal(3, alpha.N);
        Assert.Equal(4.0 / 27, alpha.Value!.Value, 12);

        var followUp = Kpi<MeanValue>(engine, SurveysFamily.FollowUpSatisfactionIndex);
        Assert.Equal(1, followUp.N);
        Assert.Equal(30, followUp.Value!.Value, 12);
    }

    [Fact]
    public void A_satisfaction_alert_lists_the_lowest_scoring_responses_first()
    {
        var result = SurveyEngine().Complete("run", At("2026-12-01T02:00:00+08:00"));
        var alert = result.Alerts.Single(a => a.Scope == "company" && a.Kpi == SurveysFamily.SatisfactionIndex);
        Assert.Equal(["V2", "V5", "V3", "V1"], alert.Records);
    }

    [Fact]
    public void Inquiries_tickets_research_and_campaigns()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 0 });
        engine.Add(new Inquiry("Q1", At("2026-11-03T09:00:00+08:00"), null, "service", null, At("2026-11-03T13:00:00+08:00"))); // 4 h
        engine.Add(new Inquiry("Q2", At("2026-11-03T09:00:00+08:00"), null, "service", null, At("2026-11-03T13:00:01+08:00"))); // late
        engine.Add(new Inquiry("Q3", At("2026-11-03T09:00:00+08:00"), null, "service", null, null)); // no reply: late
        engine.Add(new ServiceTicket("T1", At("2026-11-03T09:00:00+08:00"), "repair", null, "service", null, At("2026-11-04T09:00:00+08:00"), null, "pass"));
        engine.Add(new ServiceTicket("T2", At("2026-11-03T09:00:00+08:00"), "repair", null, "service", null, At("2026-11-04T15:00:00+08:00"), null, "fail"));
        engine.Add(new ServiceTicket("T3", At("2026-11-03T09:00:00+08:00"), "install", null, "service", null, null, null, null));
        engine.Add(new ResearchTask("R1", Day("2026-11-05"), null, null, null, Day("2026-11-30")));
        engine.Add(new ResearchTask("R2", Day("2026-11-20"), null, null, null, Day("2026-12-01"))); // on the cut-off day: not before it
        engine.Add(new ResearchTask("R3", Day("2026-11-25"), null, null, null, null));
        // Campaign scores: M1 100 (.4 · .8 + .3 · 1 + .3 · .5) = 77; M2 only participants 25/50 → 50; M3 no part → no score.
        engine.Add(new Campaign("M1", Day("2026-11-01"), Day("2026-11-30"), "marketing", null, 1000, 800, 100, 150, 10, 5));
        engine.Add(new Campaign("M2", Day("2026-11-03"), Day("2026-11-30"), "marketing", null, 0, 500, 50, 25, null, null));
        engine.Add(new Campaign("M3", Day("2026-11-03"), Day("2026-11-30"), "marketing", null, null, 10, null, null, null, null));

        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, InquiriesFamily.InquiryTimelyReplyRate)));
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, ServiceTicketsFamily.ServiceTimelyResponseRate)));
        Assert.Equal((1L, 2L), Pair(Kpi<CountRateValue>(engine, ServiceTicketsFamily.ServiceQualityPassRate)));
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, ResearchTasksFamily.ResearchCompletionRate)));
        Assert.Equal((1L, 3L), Pair(Kpi<CountRateValue>(engine, ResearchTasksFamily.ResearchCompletionRate, ScopeKind.Department, "marketing")));
        var campaigns = Kpi<MeanValue>(engine, CampaignsFamily.CampaignEffectiveness, ScopeKind.Department, "marketing");
        Assert.Equal(2, campaigns.N);
        Assert.Equal(63.5, campaigns.Value!.Value, 12); // (77 + 50) / 2
    }

    [Fact]
    public void Research_completed_on_the_day_after_the_period_counts_with_one_grace_day()
    {
        var engine = Engine("2026-11", new AssessmentSettings { GraceDays = 1 });
        engine.Add(new ResearchTask("R2", Day("2026-11-20"), null, null, null, Day("2026-12-01")));
        engine.Add(new ResearchTask("R4", Day("2026-11-20"), null, null, null, Day("2026-12-02")));
        Assert.Equal((1L, 2L), Pair(Kpi<CountRateValue>(engine, ResearchTasksFamily.ResearchCompletionRate)));
    }

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

    [Fact]
    public void An_empty_period_has_zero_amounts_and_null_rates_and_means()
    {
        var figures = Assert.Single(Engine().Figures());
        Assert.Equal(ScopeKey.Company, figures.Key);
        Assert.Equal(0m, ((AmountValue)figures.Kpis[SalesFamily.SalesAmount]).Value);
        Assert.Equal(0, ((ComplaintCountValue)figures.Kpis[ComplaintsFamily.ComplaintsReceived]).Value);
        Assert.All(figures.Kpis.Values.Where(v => v is not (AmountValue or CountValue or ComplaintCountValue or DimensionsValue)), v => Assert.Null(v.Number));
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

    private static (long, long) Pair(CountRateValue rate) => (rate.Numerator, rate.Denominator);
}
