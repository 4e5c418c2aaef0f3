using Pipeline.Time;

namespace Pipeline.Tests.Time;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2026-11", 2026, 11, PeriodKind.Monthly)]
    [InlineData("2026-01", 2026, 1, PeriodKind.Monthly)]
    [InlineData("2026-Q1", 2026, 1, PeriodKind.Quarterly)]
    [InlineData("2026-Q4", 2026, 4, PeriodKind.Quarterly)]
    [InlineData("2026", 2026, 1, PeriodKind.Annual)]
    public void Parses_months_quarters_and_years(string text, int year, int index, PeriodKind kind)
    {
        var period = Period.Parse(text);
        Assert.Equal((year, index, kind), (period.Year, period.Index, period.Kind));
        Assert.Equal(text, period.ToString());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-1")]
    [InlineData("26-11")]
    [InlineData("2026/11")]
    [InlineData("2026-11-01")]
    [InlineData("")]
    [InlineData("1899")]
    [InlineData("2026-Q0")]
    [InlineData("2026-Q5")]
    [InlineData("2026-q1")]
    [InlineData("2026Q1")]
    public void Rejects_what_is_not_a_period(string text) => Assert.False(Period.TryParse(text, out _));

    [Theory]
    [InlineData("2026-01", "2025-12", "2026-02")]
    [InlineData("2026-12", "2026-11", "2027-01")]
    [InlineData("2026", "2025", "2027")]
    [InlineData("2026-Q1", "2025-Q4", "2026-Q2")]
    [InlineData("2026-Q4", "2026-Q3", "2027-Q1")]
    public void Knows_its_neighbours(string text, string previous, string next)
    {
        var period = Period.Parse(text);
        Assert.Equal(previous, period.Previous.ToString());
        Assert.Equal(next, period.Next.ToString());
    }

    [Fact]
    public void A_month_contains_its_last_day_and_not_the_next_first()
    {
        var february = Period.Parse("2028-02");
        Assert.True(february.Contains(new DateOnly(2028, 2, 29)));
        Assert.False(february.Contains(new DateOnly(2028, 3, 1)));
        Assert.False(february.Contains(new DateOnly(2028, 1, 31)));
        Assert.Equal(new DateOnly(2028, 3, 1), february.EndExclusive);
    }

    [Fact]
    public void A_year_has_twelve_months_in_order()
    {
        var months = Period.Parse("2026").Months().Select(m => m.ToString()).ToList();
        Assert.Equal(12, months.Count);
        Assert.Equal("2026-01", months[0]);
        Assert.Equal("2026-12", months[11]);
    }

    [Fact]
    public void Periods_order_by_time() =>
        Assert.True(Period.Parse("2025-12") < Period.Parse("2026-01") && Period.Parse("2026-01") < Period.Parse("2026-02"));

    [Theory]
    [InlineData("2026-Q1", "2026-01", "2026-03", "2026-04-01")]
    [InlineData("2026-Q2", "2026-04", "2026-06", "2026-07-01")]
    [InlineData("2026-Q4", "2026-10", "2026-12", "2027-01-01")]
    public void A_quarter_has_three_months_in_order(string text, string first, string last, string endExclusive)
    {
        var quarter = Period.Parse(text);
        var months = quarter.Months().Select(m => m.ToString()).ToList();
        Assert.Equal([first, months[1], last], months);
        Assert.Equal(DateOnly.Parse(endExclusive, System.Globalization.CultureInfo.InvariantCulture), quarter.EndExclusive);
        Assert.Equal("quarterly", quarter.KindName);
        Assert.All(quarter.Months(), m => Assert.True(quarter.Contains(m)));
        Assert.Equal(quarter, Period.Parse(last).QuarterPeriod);
    }

    [Fact]
    public void Periods_order_by_their_first_day_then_the_shorter_first()
    {
        string[] shuffled = ["2026", "2026-02", "2025-Q4", "2026-Q1", "2026-01", "2025-12", "2026-Q2"];
        var ordered = shuffled.Select(Period.Parse).Order().Select(p => p.ToString()).ToList();
        Assert.Equal(["2025-Q4", "2025-12", "2026-01", "2026-Q1", "2026", "2026-02", "2026-Q2"], ordered);
    }
}
