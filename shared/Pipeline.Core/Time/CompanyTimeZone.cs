namespace Pipeline.Time;

/// <summary>
/// The company time zone (setting <c>Pipeline:TimeZone</c>, an IANA id): turns instants into local
/// business dates and periods, and local dates into the instants that bound a period.
/// </summary>
public sealed class CompanyTimeZone
{
    /// <summary>The default company time zone.</summary>
    public const string DefaultId = "Asia/Shanghai";

    /// <summary>Creates the zone from an IANA id; throws <see cref="TimeZoneNotFoundException"/> for an unknown id.</summary>
    public CompanyTimeZone(string ianaId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ianaId);
        Zone = TimeZoneInfo.FindSystemTimeZoneById(ianaId);
        Id = ianaId;
    }

    /// <summary>The IANA id, as configured.</summary>
    public string Id { get; }

    /// <summary>The zone's rules.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The local wall-clock time of an instant.</summary>
    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>The local business date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    /// <summary>The month that contains an instant, in this zone.</summary>
    public Period MonthOf(DateTimeOffset instant) => Period.MonthOf(DateOf(instant));

    /// <summary>
    /// The instant of a local wall-clock time. A time skipped by a daylight-saving gap maps to the first
    /// instant after the gap; a repeated time maps to its first occurrence.
    /// </summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Walk forward minute by minute to the end of the gap (gaps are at most a few hours).
            var probe = local;
            while (Zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            return new DateTimeOffset(probe, Zone.GetUtcOffset(probe));
        }

        var offset = Zone.IsAmbiguousTime(local)
            ? Zone.GetAmbiguousTimeOffsets(local).Max()
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    /// <summary>The instant local midnight starts <paramref name="date"/>.</summary>
    public DateTimeOffset StartOf(DateOnly date) => ToInstant(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>The instant the period starts.</summary>
    public DateTimeOffset StartOf(Period period) => StartOf(period.FirstDay);

    /// <summary>The instant the period ends (exclusive): the start of the next period.</summary>
    public DateTimeOffset EndOf(Period period) => StartOf(period.EndExclusive);

    /// <summary>
    /// The cut-off of a period: the start of the next period plus <paramref name="graceDays"/> whole local
    /// days. A resolution or completion before this instant counts for the period.
    /// </summary>
    public DateTimeOffset CutOffOf(Period period, int graceDays) =>
        StartOf(period.EndExclusive.AddDays(graceDays));

    /// <summary>
    /// Where <paramref name="now"/> stands against <paramref name="period"/> in this zone: before its first instant
    /// (<see cref="PeriodState.NotStarted"/>), from its first instant up to but excluding the next period's
    /// (<see cref="PeriodState.Running"/>), or after (<see cref="PeriodState.Ended"/>).
    /// </summary>
    public PeriodState StateOf(Period period, DateTimeOffset now) =>
        now < StartOf(period) ? PeriodState.NotStarted : now < EndOf(period) ? PeriodState.Running : PeriodState.Ended;

    /// <summary>
    /// The first local date that starts at or after <paramref name="instant"/>: the instant's own date when it is that
    /// date's first instant (local midnight), otherwise the next date. Dates before it have begun by the instant.
    /// </summary>
    public DateOnly FirstDateFrom(DateTimeOffset instant)
    {
        var date = DateOf(instant);
        return StartOf(date) >= instant ? date : date.AddDays(1);
    }
}

/// <summary>Whether a period has started and ended at a given instant (<see cref="CompanyTimeZone.StateOf"/>).</summary>
public enum PeriodState
{
    /// <summary>The period's first instant is still to come: nothing of it can be assessed.</summary>
    NotStarted,

    /// <summary>The period has started and not ended: it can be assessed only provisionally, to date.</summary>
    Running,

    /// <summary>The next period has started: the period can be assessed finally.</summary>
    Ended,
}
