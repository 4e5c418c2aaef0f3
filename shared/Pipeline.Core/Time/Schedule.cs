using NCrontab;

namespace Pipeline.Time;

/// <summary>
/// When the scheduled assessment runs (CONTRACT §5, <c>MonthlyAssessment</c>): the NCRONTAB expression
/// <c>Assessment:Schedule</c> (six fields, with seconds) evaluated on the company's local wall clock, each
/// occurrence becoming due <c>Sla:GraceDays</c> whole local days after its time. The Functions timer only ticks
/// (in UTC, on <c>Assessment:Tick</c>); this class decides what is due at a tick. Pure: the caller passes the
/// current instant, nothing here reads a clock.
/// </summary>
public sealed class AssessmentSchedule
{
    /// <summary>The setting that holds the expression.</summary>
    public const string SettingName = "Assessment:Schedule";

    /// <summary>The default expression: 02:00:00 on the 1st of every month.</summary>
    public const string DefaultExpression = "0 0 2 1 * *";

    /// <summary>How far back a fresh install (no stored state) looks for the latest due occurrence.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(400);

    /// <summary>
    /// The most occurrences one tick catches up. With older state the latest ones are kept: a state left years
    /// behind (an old backup, a schedule that fires every minute) must not queue years of assessments.
    /// </summary>
    public const int MaxCatchUp = 24;

    private readonly CrontabSchedule _crontab;

    /// <summary>Parses <paramref name="expression"/>; throws <see cref="ArgumentException"/> naming the setting when it is not valid.</summary>
    /// <param name="expression">NCRONTAB with seconds: <c>second minute hour day month day-of-week</c>.</param>
    /// <param name="zone">The company time zone the expression is read in.</param>
    /// <param name="graceDays">Whole local days after an occurrence before it is due (<c>Sla:GraceDays</c>, at least 0).</param>
    public AssessmentSchedule(string expression, CompanyTimeZone zone, int graceDays = 0)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(graceDays);
        _crontab = Parse(expression);
        Expression = expression.Trim();
        Zone = zone;
        GraceDays = graceDays;
    }

    /// <summary>The expression, as configured (trimmed).</summary>
    public string Expression { get; }

    /// <summary>The zone whose wall clock the expression is read on.</summary>
    public CompanyTimeZone Zone { get; }

    /// <summary>Whole local days between an occurrence and the moment it is due.</summary>
    public int GraceDays { get; }

    /// <summary>The instant the local occurrence <paramref name="occurrence"/> becomes due (its time plus the grace days).</summary>
    public DateTimeOffset DueAt(DateTime occurrence) => Zone.ToInstant(occurrence.AddDays(GraceDays));

    /// <summary>The first occurrence (local wall-clock time) strictly after the local time <paramref name="local"/>.</summary>
    public DateTime NextAfter(DateTime local) =>
        DateTime.SpecifyKind(_crontab.GetNextOccurrence(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)), DateTimeKind.Unspecified);

    /// <summary>
    /// The occurrences (local wall-clock times, <see cref="DateTimeKind.Unspecified"/>) due at <paramref name="now"/>
    /// and not yet run, oldest first. With <paramref name="lastCompleted"/>: every due occurrence after it, at most
    /// the latest <see cref="MaxCatchUp"/> and none older than <see cref="LookBack"/>. Without (a fresh install):
    /// only the latest due occurrence, if one falls in the look-back.
    /// </summary>
    /// <param name="now">The current instant.</param>
    /// <param name="lastCompleted">The last occurrence run to completion (local wall-clock time), or null.</param>
    public IReadOnlyList<DateTime> DueOccurrences(DateTimeOffset now, DateTime? lastCompleted)
    {
        // Due means DueAt(o) <= now, i.e. roughly o <= local now − grace days; a day of slack on the upper bound
        // covers any daylight-saving shift, and the exact test is made on instants.
        var latestPossible = Zone.ToLocal(now).AddDays(-GraceDays);
        var from = latestPossible - LookBack;
        if (lastCompleted is { } last && DateTime.SpecifyKind(last, DateTimeKind.Unspecified) > from)
        {
            from = DateTime.SpecifyKind(last, DateTimeKind.Unspecified);
        }

        var keep = lastCompleted is null ? 1 : MaxCatchUp;
        var due = new Queue<DateTime>(keep);
        foreach (var occurrence in _crontab.GetNextOccurrences(from, latestPossible.AddDays(1)))
        {
            if (DueAt(occurrence) > now)
            {
                // Instants grow with local times, so nothing later is due either.
                break;
            }

            if (due.Count == keep)
            {
                due.Dequeue();
            }

            due.Enqueue(DateTime.SpecifyKind(occurrence, DateTimeKind.Unspecified));
        }

        return [.. due];
    }

    /// <summary>
    /// The periods an occurrence assesses (CONTRACT §5): the month that ended before its local date; in January, April,
    /// July and October also the quarter that just ended; in January also the year — shorter before longer
    /// (2027-01-01 02:00 → 2026-12, 2026-Q4, 2026).
    /// </summary>
    public static IReadOnlyList<Period> PeriodsFor(DateTime occurrence)
    {
        var month = Period.MonthOf(DateOnly.FromDateTime(occurrence)).Previous;
        var periods = new List<Period> { month };
        if (occurrence.Month is 1 or 4 or 7 or 10)
        {
            periods.Add(month.QuarterPeriod);
        }

        if (occurrence.Month == 1)
        {
            periods.Add(month.YearPeriod);
        }

        return periods;
    }

    private static CrontabSchedule Parse(string? expression)
    {
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = true };
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new ArgumentException(
                $"{SettingName} is empty: give an NCRONTAB expression with seconds (six fields), e.g. '{DefaultExpression}'.",
                nameof(expression));
        }

        try
        {
            return CrontabSchedule.Parse(expression.Trim(), options);
        }
        catch (CrontabException ex)
        {
            throw new ArgumentException(
                $"{SettingName} '{expression}' is not an NCRONTAB expression with seconds " +
                $"(six fields: second minute hour day month day-of-week, e.g. '{DefaultExpression}'): {ex.Message}",
                nameof(expression), ex);
        }
    }
}
