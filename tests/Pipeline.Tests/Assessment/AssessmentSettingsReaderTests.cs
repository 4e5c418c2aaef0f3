using Microsoft.Extensions.Configuration;
using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Kpis;
using Pipeline.Settings;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Assessment;

public sealed class AssessmentSettingsReaderTests
{
    private static AssessmentSettings Read(params (string Key, string? Value)[] settings) =>
        AssessmentSettingsReader.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Without_settings_the_contracts_defaults_apply()
    {
        var settings = Read();
        Assert.Equal((0, 24.0, 4.0, 24.0, 30), (settings.GraceDays, settings.ComplaintResponseHours, settings.InquiryReplyHours, settings.ServiceResponseHours, settings.MinSample));
        Assert.Null(settings.BusinessHours);
        Assert.Equal(80, settings.AlertThresholds[SurveysFamily.SatisfactionIndex]);
        Assert.Equal(3, settings.Scorecard.Departments.Count);
        Assert.Equal(50m, settings.ServiceComplaintFine);
    }

    [Theory]
    [InlineData("20", 20)]
    [InlineData("100", 100)]
    [InlineData("62.5", 62.5)]
    public void The_fine_may_be_set_within_the_companys_range(string text, double fine) =>
        Assert.Equal((decimal)fine, Read(("Penalties:ServiceComplaintFine", text)).ServiceComplaintFine);

    [Fact]
    public void Settings_override_slas_thresholds_weights_and_the_scorecard()
    {
        var settings = Read(
            ("Sla:GraceDays", "3"), ("Sla:InquiryReplyHours", "8"),
            ("Sla:BusinessHours:Open", "08:30"), ("Sla:BusinessHours:Close", "17:30"), ("Sla:BusinessHours:Holidays:0", "2026-10-01"),
            ("Satisfaction:Weights:price", "0.5"),
            ("Alerts:MinSample", "10"), ("Alerts:csatRate", "0.7"), ("Alerts:salesCompletionRate", ""),
            ("Scorecard:Grades:A", "95"),
            ("Scorecard:Departments:sales:0:Kpi", "salesCompletionRate"), ("Scorecard:Departments:sales:0:Weight", "1"), ("Scorecard:Departments:sales:0:Goal", "1.1"));

        Assert.Equal((3, 8.0, 10), (settings.GraceDays, settings.InquiryReplyHours, settings.MinSample));
        Assert.Equal(new TimeOnly(8, 30), settings.BusinessHours!.Open);
        Assert.Contains(new DateOnly(2026, 10, 1), settings.BusinessHours.Holidays);
        Assert.Contains(DayOfWeek.Friday, settings.BusinessHours.WorkingDays);
        Assert.Equal(0.5, settings.SatisfactionWeights["price"]);
        Assert.Equal(0.35, settings.SatisfactionWeights["productQuality"]);
        Assert.Equal(0.7, settings.AlertThresholds[SurveysFamily.CsatRate]);
        Assert.False(settings.AlertThresholds.ContainsKey(SalesFamily.SalesCompletionRate));
        Assert.Equal(95, settings.Scorecard.GradeA);
        var entry = Assert.Single(Assert.Single(settings.Scorecard.Departments).Value);
        Assert.Equal(new ScorecardEntry("salesCompletionRate", 1, 1.1), entry);
    }

    [Theory]
    [InlineData("Scorecard:Departments:sales:0:Kpi", "happiness", "Scorecard:Departments:sales:0:Kpi")]
    [InlineData("Alerts:happiness", "3", "Alerts:happiness")]
    [InlineData("Sla:GraceDays", "-1", "Sla:GraceDays")]
    [InlineData("Sla:ComplaintResponseHours", "soon", "Sla:ComplaintResponseHours")]
    [InlineData("Sla:BusinessHours:Open", "9am", "Sla:BusinessHours:Open")]
    [InlineData("Satisfaction:Weights:colour", "1", "Satisfaction:Weights")]
    [InlineData("Penalties:ServiceComplaintFine", "19.99", "Penalties:ServiceComplaintFine")]
    [InlineData("Penalties:ServiceComplaintFine", "100.01", "Penalties:ServiceComplaintFine")]
    [InlineData("Penalties:ServiceComplaintFine", "fifty", "Penalties:ServiceComplaintFine")]
    public void A_bad_setting_is_refused_naming_it(string key, string value, string named)
    {
        (string, string?)[] rest = key.StartsWith("Scorecard", StringComparison.Ordinal)
            ? [("Scorecard:Departments:sales:0:Weight", "1"), ("Scorecard:Departments:sales:0:Goal", "1")]
            : [];
        var error = Assert.Throws<InvalidOperationException>(() => Read([(key, value), .. rest]));
        Assert.Contains(named, error.Message);
    }
}
