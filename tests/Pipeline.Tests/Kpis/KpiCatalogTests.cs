using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;

namespace Pipeline.Tests.Kpis;

/// <summary>The catalogue derives everything from the families: names, labels, formats, alerts and kinds.</summary>
public sealed class KpiCatalogTests
{
    [Fact]
    public void Every_kpi_of_the_contract_is_in_the_catalogue_once()
    {
        // CONTRACT §3, the KPIs computed today, in the order of its table (the catalogue lists them family by family).
        string[] contract =
        [
            "salesAmount", "salesCompletionRate", "grossProfit", "profitCompletionRate", "newProductSales", "newProductCompletionRate",
            "newCustomers", "newCustomerCompletionRate", "expenseAmount", "expenseControlRate", "complaintsReceived",
            "complaintResolutionRate", "complaintTimelyResponseRate", "complaintResolutionHours", "complaintFollowUpSatisfaction",
            "inquiryTimelyReplyRate", "serviceTimelyResponseRate", "serviceQualityPassRate", "satisfactionIndex",
            "satisfactionByDimension", "csatRate", "nps", "cronbachAlpha", "followUpSatisfactionIndex", "researchCompletionRate",
            "campaignEffectiveness", "serviceCompletionHours", "visits", "opinionsCollected", "keyCustomerCoverage", "customerFileCompleteness",
            "customerFileApprovalRate", "customerFileCurrency", "salesWithoutApprovedFile", "correctiveActionClosureRate",
            "correctiveActionEffectiveness", "coordinationScore",
        ];
        Assert.Equal(contract.Order(StringComparer.Ordinal), KpiCatalog.KpiNames.Where(contract.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(KpiCatalog.KpiNames.Count, KpiCatalog.KpiNames.Distinct().Count());
    }

    [Fact]
    public void Every_kpi_has_a_label_in_both_languages_and_no_label_is_shared()
    {
        Assert.All(KpiCatalog.Kpis, k => Assert.False(string.IsNullOrWhiteSpace(k.LabelZh) || string.IsNullOrWhiteSpace(k.LabelEn), k.Name));
        Assert.Equal(KpiCatalog.Kpis.Count, KpiCatalog.Kpis.Select(k => k.LabelZh).Distinct().Count());
        Assert.Equal(KpiCatalog.Kpis.Count, KpiCatalog.Kpis.Select(k => k.LabelEn).Distinct().Count());
        Assert.All(KpiCatalog.Kpis.Where(k => k.DefaultAlert is not null), k => Assert.True(k.ActionZh is not null && k.ActionEn is not null, k.Name));
    }

    [Fact]
    public void The_default_alerts_are_the_contracts()
    {
        var settings = new AssessmentSettings();
        Assert.Equal(
            new Dictionary<string, double>
            {
                ["salesCompletionRate"] = 0.8, ["expenseControlRate"] = 1.0, ["complaintResolutionRate"] = 0.9,
                ["complaintTimelyResponseRate"] = 0.9, ["satisfactionIndex"] = 80, ["keyCustomerCoverage"] = 0.8,
                ["customerFileCompleteness"] = 0.9, ["correctiveActionClosureRate"] = 0.9, ["collectionRate"] = 0.9,

                // "Every positive guaranteeDeductions raises an alert on its guarantor": above 0, on employees only.
                ["guaranteeDeductions"] = 0,
            }.OrderBy(p => p.Key, StringComparer.Ordinal),
            settings.AlertThresholds.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(Direction.Lower, KpiCatalog.Definition(ExpensesFamily.ExpenseControlRate).Direction);
    }

    [Fact]
    public void Formats_come_from_the_definitions_not_from_names()
    {
        Assert.Equal(KpiFormat.PercentOfCounts, KpiCatalog.Definition(SalesFamily.NewCustomerCompletionRate).Format);
        Assert.Equal(KpiFormat.Decimal1, KpiCatalog.Definition(ComplaintsFamily.ComplaintResolutionHours).Format);
        Assert.Equal(KpiFormat.Decimal3, KpiCatalog.Definition(SurveysFamily.CronbachAlpha).Format);
        Assert.All(KpiCatalog.Kpis.Where(k => k.Name.EndsWith("Rate", StringComparison.Ordinal)),
            k => Assert.True(k.Format is KpiFormat.Percent or KpiFormat.PercentOfCounts, k.Name));
    }

    [Fact]
    public void The_kinds_are_master_data_targets_and_each_familys_kind_once()
    {
        Assert.Equal(
            ["employees", "customers", "targets", "sales", "receivables", "expenses", "complaints", "inquiries", "serviceTickets", "surveys", "researchTasks", "campaigns",
             "peerReviews", "visits", "correctiveActions"],
            KpiCatalog.Kinds.Select(k => k.Name));
        Assert.All(KpiCatalog.Families, f => Assert.Contains(f.Kind, KpiCatalog.Kinds));
        Assert.All(KpiCatalog.ActivityKinds, k => Assert.False(k.IsMasterData, k.Name));
        Assert.Same(SalesFamily.Schema, KpiCatalog.FindKind("SALES"));
        Assert.Null(KpiCatalog.FindKind("unknown"));
    }

    [Fact]
    public void Every_scorecard_kpi_of_the_defaults_is_a_scalar_kpi_of_the_catalogue() =>
        Assert.All(new AssessmentSettings().Scorecard.Departments.SelectMany(d => d.Value),
            entry => Assert.True(KpiCatalog.Find(entry.Kpi) is { Scalar: true }, entry.Kpi));

    [Fact]
    public void A_stored_value_of_the_wrong_type_is_a_bug_not_an_absent_field()
    {
        var values = new RecordValues { ["amount"] = "12.5", ["id"] = "S-1" };
        Assert.Throws<InvalidCastException>(() => values.Get<decimal>("amount"));
        Assert.Throws<InvalidCastException>(() => values.TryGet<decimal>("amount", out _));
        Assert.Null(values.Optional<decimal>("grossProfit"));
        Assert.Throws<KeyNotFoundException>(() => values.Required<string>("customerId"));
        Assert.Equal("S-1", values.Required<string>("id"));
    }

    [Fact]
    public void Defaults_live_in_the_schema_and_fill_a_stored_record_that_lacks_them()
    {
        var values = new RecordValues
        {
            ["id"] = "C-1", ["receivedAt"] = DateTimeOffset.Parse("2026-11-02T09:00:00+08:00", System.Globalization.CultureInfo.InvariantCulture),
            ["customerId"] = "K1", ["category"] = "service",
        };
        var complaint = ComplaintsFamily.Schema.Read(values);
        Assert.Equal(("normal", "service"), (complaint.Severity, complaint.Department));
    }
}
