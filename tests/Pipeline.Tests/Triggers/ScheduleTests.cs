using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Time;

namespace Pipeline.Tests.Triggers;

/// <summary>
/// The schedule on hand-worked cases in Asia/Shanghai (UTC+8, no daylight saving): 02:00 on 1 December local is
/// 2026-11-30T18:00Z.
/// </summary>
public sealed class ScheduleTests
{
    private static readonly CompanyTimeZone Shanghai = new("Asia/Shanghai");

    private static AssessmentSchedule Default(int graceDays = 0) => new(AssessmentSchedule.DefaultExpression, Shanghai, graceDays);

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static DateTime Local(string text) => DateTime.ParseExact(text, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public void An_occurrence_is_not_due_a_second_before_its_time()
    {
        var clock = new FakeTimeProvider(Instant("2026-11-30T17:59:59Z"));
        Assert.Empty(Default().DueOccurrences(clock.GetUtcNow(), Local("2026-11-01T02:00")));
    }

    [Fact]
    public void An_occurrence_is_due_at_its_local_time()
    {
        var clock = new FakeTimeProvider(Instant("2026-11-30T17:59:59Z"));
        var schedule = Default();
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([Local("2026-12-01T02:00")], schedule.DueOccurrences(clock.GetUtcNow(), Local("2026-11-01T02:00")));
        Assert.Equal(Instant("2026-11-30T18:00:00Z"), schedule.DueAt(Local("2026-12-01T02:00")));
    }

    [Theory]
    // Grace days move the due time to 2026-12-04T02:00 local = 2026-12-03T18:00Z.
    [InlineData("2026-12-03T17:59:59Z", false)]
    [InlineData("2026-12-03T18:00:00Z", true)]
    public void Grace_days_delay_the_due_time(string now, bool due)
    {
        var schedule = Default(graceDays: 3);
        Assert.Equal(Instant("2026-12-04T02:00:00+08:00"), schedule.DueAt(Local("2026-12-01T02:00")));
        var occurrences = schedule.DueOccurrences(Instant(now), Local("2026-11-01T02:00"));
        Assert.Equal(due ? [Local("2026-12-01T02:00")] : [], occurrences);
    }

    [Fact]
    public void A_fresh_install_runs_only_the_latest_due_occurrence()
    {
        var clock = new FakeTimeProvider(Instant("2027-03-15T09:00:00+08:00"));
        Assert.Equal([Local("2027-03-01T02:00")], Default().DueOccurrences(clock.GetUtcNow(), lastCompleted: null));
    }

    [Fact]
    public void Every_occurrence_after_the_last_completed_one_is_due_oldest_first()
    {
        var clock = new FakeTimeProvider(Instant("2027-03-15T09:00:00+08:00"));
        Assert.Equal(
            [Local("2027-01-01T02:00"), Local("2027-02-01T02:00"), Local("2027-03-01T02:00")],
            Default().DueOccurrences(clock.GetUtcNow(), Local("2026-12-01T02:00")));
    }

    [Fact]
    public void The_last_completed_occurrence_is_not_due_again()
    {
        var clock = new FakeTimeProvider(Instant("2027-03-15T09:00:00+08:00"));
        Assert.Empty(Default().DueOccurrences(clock.GetUtcNow(), Local("2027-03-01T02:00")));
    }

    [Fact]
    public void A_state_years_behind_catches_up_only_the_latest_occurrences()
    {
        var clock = new FakeTimeProvider(Instant("2027-03-15T09:00:00+08:00"));
        var due = Default().DueOccurrences(clock.GetUtcNow(), Local("2020-01-01T02:00"));

        // The 400-day look-back from 2027-03-15 starts on 2026-02-08: thirteen monthly occurrences remain.
        Assert.Equal(13, due.Count);
        Assert.Equal(Local("2026-03-01T02:00"), due[0]);
        Assert.Equal(Local("2027-03-01T02:00"), due[^1]);
        Assert.Equal(due.Order(), due);
    }

    [Fact]
    public void An_occurrence_skipped_by_daylight_saving_is_due_when_the_gap_ends()
    {
        // New York springs forward at 02:00 on 8 March 2026: 02:30 does not exist, 03:00 EDT is 07:00Z.
        var schedule = new AssessmentSchedule("0 30 2 8 3 *", new CompanyTimeZone("America/New_York"));

        Assert.Equal(Instant("2026-03-08T07:00:00Z"), schedule.DueAt(Local("2026-03-08T02:30")));
        Assert.Empty(schedule.DueOccurrences(Instant("2026-03-08T06:59:59Z"), Local("2025-03-08T02:30")));
        Assert.Equal([Local("2026-03-08T02:30")], schedule.DueOccurrences(Instant("2026-03-08T07:00:00Z"), Local("2025-03-08T02:30")));
    }

    [Fact]
    public void An_hourly_schedule_after_a_day_down_is_capped()
    {
        var schedule = new AssessmentSchedule("0 0 * * * *", Shanghai);
        var due = schedule.DueOccurrences(Instant("2026-12-03T00:30:00+08:00"), Local("2026-12-01T00:00"));

        Assert.Equal(AssessmentSchedule.MaxCatchUp, due.Count);
        Assert.Equal(Local("2026-12-02T01:00"), due[0]);
        Assert.Equal(Local("2026-12-03T00:00"), due[^1]);
    }

    [Theory]
    [InlineData("2026-12-01T02:00", new[] { "2026-11" })]
    [InlineData("2027-01-01T02:00", new[] { "2026-12", "2026-Q4", "2026" })]
    [InlineData("2027-02-01T02:00", new[] { "2027-01" })]
    [InlineData("2027-04-01T02:00", new[] { "2027-03", "2027-Q1" })]
    [InlineData("2027-07-01T02:00", new[] { "2027-06", "2027-Q2" })]
    [InlineData("2027-10-01T02:00", new[] { "2027-09", "2027-Q3" })]
    [InlineData("2027-11-01T02:00", new[] { "2027-10" })]
    // Midnight of the 1st already belongs to the new month.
    [InlineData("2027-01-01T00:00", new[] { "2026-12", "2026-Q4", "2026" })]
    public void An_occurrence_assesses_the_month_that_ended_the_quarter_in_its_first_month_and_in_January_the_year(string occurrence, string[] periods) =>
        Assert.Equal(periods, AssessmentSchedule.PeriodsFor(Local(occurrence)).Select(p => p.ToString()));

    [Theory]
    [InlineData("0 2 1 * *")] // five fields: the seconds are missing
    [InlineData("0 0 25 1 * *")] // hour 25
    [InlineData("monthly")]
    [InlineData(" ")]
    public void A_bad_expression_is_refused_naming_the_setting(string expression)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new AssessmentSchedule(expression, Shanghai));
        Assert.Contains("Assessment:Schedule", error.Message, StringComparison.Ordinal);
    }
}
