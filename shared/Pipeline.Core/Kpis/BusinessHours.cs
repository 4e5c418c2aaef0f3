using Pipeline.Time;

namespace Pipeline.Kpis;

/// <summary>
/// A working calendar in the company time zone (<c>Sla:BusinessHours</c>): working days of the week,
/// opening and closing time, holidays, and extra working dates (weekend days worked in exchange for a holiday).
/// </summary>
/// <param name="WorkingDays">Days of the week that are working days.</param>
/// <param name="Open">Local opening time.</param>
/// <param name="Close">Local closing time (after <paramref name="Open"/>).</param>
/// <param name="Holidays">Dates that are not working days.</param>
/// <param name="ExtraWorkingDates">Dates that are working days although their weekday is not.</param>
public sealed record BusinessHours(
    IReadOnlySet<DayOfWeek> WorkingDays,
    TimeOnly Open,
    TimeOnly Close,
    IReadOnlySet<DateOnly> Holidays,
    IReadOnlySet<DateOnly> ExtraWorkingDates)
{
    /// <summary>Whether <paramref name="date"/> is a working day.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        !Holidays.Contains(date) && (WorkingDays.Contains(date.DayOfWeek) || ExtraWorkingDates.Contains(date));

    /// <summary>
    /// The working time between two instants: the parts of [<paramref name="from"/>, <paramref name="to"/>] that fall
    /// within opening hours of working days, in the company time zone. Zero when <paramref name="to"/> ≤ <paramref name="from"/>.
    /// </summary>
    public TimeSpan WorkingTime(DateTimeOffset from, DateTimeOffset to, CompanyTimeZone zone)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var last = zone.DateOf(to);
        for (var date = zone.DateOf(from); date <= last; date = date.AddDays(1))
        {
            if (!IsWorkingDay(date))
            {
                continue;
            }

            var open = zone.ToInstant(date.ToDateTime(Open));
            var close = zone.ToInstant(date.ToDateTime(Close));
            var start = from > open ? from : open;
            var end = to < close ? to : close;
            if (end > start)
            {
                total += end - start;
            }
        }

        return total;
    }
}

/// <summary>How an SLA's elapsed time is counted.</summary>
public sealed class SlaClock(BusinessHours? businessHours, CompanyTimeZone zone)
{
    /// <summary><c>calendar</c> or <c>working</c>.</summary>
    public string Name => businessHours is null ? "calendar" : "working";

    /// <summary>The time between two instants on this clock.</summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to) =>
        businessHours is null ? to - from : businessHours.WorkingTime(from, to, zone);

    /// <summary>Whether the answer at <paramref name="answeredAt"/> met an SLA of <paramref name="hours"/> (no answer: late).</summary>
    public bool IsTimely(DateTimeOffset receivedAt, DateTimeOffset? answeredAt, double hours) =>
        answeredAt is { } at && Elapsed(receivedAt, at) <= TimeSpan.FromHours(hours);
}
