using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Kpis;
using static Pipeline.Tests.Assessment.Build;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Assessment;

public sealed class BusinessHoursTests
{
    private static BusinessHours NineToSix(params string[] holidays) => new(
        new HashSet<DayOfWeek> { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
        new TimeOnly(9, 0), new TimeOnly(18, 0), holidays.Select(Day).ToHashSet(), new HashSet<DateOnly>());

    [Theory]
    // The contract's example: received 22:00, answered 09:30 the next working day → 0.5 h.
    [InlineData("2026-11-03T22:00:00+08:00", "2026-11-04T09:30:00+08:00", 0.5)]
    // Friday 22:00 to Monday 09:30 across the weekend → 0.5 h.
    [InlineData("2026-11-06T22:00:00+08:00", "2026-11-09T09:30:00+08:00", 0.5)]
    // Within one day.
    [InlineData("2026-11-04T10:00:00+08:00", "2026-11-04T12:15:00+08:00", 2.25)]
    // Friday 17:00 to Monday 10:00: 1 h + 1 h.
    [InlineData("2026-11-06T17:00:00+08:00", "2026-11-09T10:00:00+08:00", 2)]
    // Received on Saturday, answered on Sunday: no working time at all.
    [InlineData("2026-11-07T10:00:00+08:00", "2026-11-08T16:00:00+08:00", 0)]
    // In UTC: 01:00Z is 09:00 in Shanghai; 10:00Z is 18:00 → one whole working day of 9 h.
    [InlineData("2026-11-04T01:00:00Z", "2026-11-04T10:00:00Z", 9)]
    public void Working_time_counts_only_opening_hours_of_working_days(string from, string to, double hours) =>
        Assert.Equal(TimeSpan.FromHours(hours), NineToSix().WorkingTime(At(from), At(to), Shanghai));

    [Fact]
    public void A_holiday_is_not_a_working_day_and_an_extra_working_date_is()
    {
        // Monday 9 November a holiday: Friday 22:00 → Tuesday 09:30 is still 0.5 h.
        Assert.Equal(TimeSpan.FromHours(0.5), NineToSix("2026-11-09").WorkingTime(At("2026-11-06T22:00:00+08:00"), At("2026-11-10T09:30:00+08:00"), Shanghai));
        // Saturday 7 November worked in exchange: 9 h that day plus 0.5 h on Monday.
        var swapped = NineToSix() with { ExtraWorkingDates = new HashSet<DateOnly> { Day("2026-11-07") } };
        Assert.Equal(TimeSpan.FromHours(9.5), swapped.WorkingTime(At("2026-11-06T22:00:00+08:00"), At("2026-11-09T09:30:00+08:00"), Shanghai));
    }

    [Fact]
    public void With_business_hours_an_sla_is_counted_in_working_hours_and_says_so()
    {
        var settings = new AssessmentSettings { BusinessHours = NineToSix(), ComplaintResponseHours = 4 };
        var engine = Engine("2026-11", settings);
        // Friday 16:00 → Monday 11:00: 2 h + 2 h = 4 h working (67 calendar hours): timely.
        engine.Add(Complaint("C1", "2026-11-06T16:00:00+08:00", firstResponseAt: "2026-11-09T11:00:00+08:00"));
        // Friday 16:00 → Monday 11:00:01: 4 h + 1 s: late.
        engine.Add(Complaint("C2", "2026-11-06T16:00:00+08:00", firstResponseAt: "2026-11-09T11:00:01+08:00"));

        var timely = (CountRateValue)engine.Figures()[0].Kpis[ComplaintsFamily.ComplaintTimelyResponseRate];
        Assert.Equal((1L, 2L, "working", 4.0), (timely.Numerator, timely.Denominator, timely.Clock!, timely.SlaHours!.Value));
    }
}
