using Pipeline.Time;

namespace Pipeline.Tests.Time;

public sealed class CompanyTimeZoneTests
{
    private static readonly CompanyTimeZone Shanghai = new("Asia/Shanghai");

    [Theory]
    // 23:30 local on the last day stays in the month; 00:00 local on the 1st is the next month.
    [InlineData("2026-11-30T23:30:00+08:00", "2026-11")]
    [InlineData("2026-12-01T00:00:00+08:00", "2026-12")]
    // The same instants written in UTC: 15:30Z is 23:30 in Shanghai; 16:00Z is midnight.
    [InlineData("2026-11-30T15:30:00Z", "2026-11")]
    [InlineData("2026-11-30T16:00:00Z", "2026-12")]
    // -05:00: 10:30 is 15:30Z, 23:30 in Shanghai; 11:00 is 16:00Z, midnight of the 1st.
    [InlineData("2026-11-30T10:30:00-05:00", "2026-11")]
    [InlineData("2026-11-30T11:00:00-05:00", "2026-12")]
    // A New Year's Eve in UTC is already January in Shanghai.
    [InlineData("2026-12-31T18:00:00Z", "2027-01")]
    public void An_instant_belongs_to_the_month_of_its_local_date(string instant, string month) =>
        Assert.Equal(month, Shanghai.MonthOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)).ToString());

    [Fact]
    public void A_month_starts_at_local_midnight()
    {
        Assert.Equal(DateTimeOffset.Parse("2026-10-31T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Shanghai.StartOf(Period.Parse("2026-11")));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture), Shanghai.EndOf(Period.Parse("2026-11")));
    }

    [Theory]
    [InlineData(0, "2026-11-30T16:00:00Z")]
    [InlineData(3, "2026-12-03T16:00:00Z")]
    public void The_cut_off_is_the_next_period_start_plus_grace_days(int graceDays, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Shanghai.CutOffOf(Period.Parse("2026-11"), graceDays));

    [Fact]
    public void A_local_midnight_skipped_by_daylight_saving_maps_to_the_end_of_the_gap()
    {
        // Chile springs forward at 00:00 on the first Sunday of September 2026: 00:00–00:59 do not exist.
        var santiago = new CompanyTimeZone("America/Santiago");
        var start = santiago.StartOf(new DateOnly(2026, 9, 6));
        Assert.Equal(new DateTime(2026, 9, 6, 1, 0, 0), santiago.ToLocal(start));
    }
}
