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
    public void Rejects_what_is_not_a_period(string text) => Assert.False(Period.TryParse(text, out _));

    [Theory]
    [InlineData("2026-01", "2025-12", "2026-02")]
    [InlineData("2026-12", "2026-11", "2027-01")]
    [InlineData("2026", "2025", "2027")]
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
}
