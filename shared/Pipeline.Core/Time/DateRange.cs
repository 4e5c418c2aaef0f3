namespace Pipeline.Time;

/// <summary>Local business dates from <see cref="From"/> up to, not including, <see cref="Until"/>.</summary>
/// <param name="From">The first date.</param>
/// <param name="Until">The first date after the range.</param>
public readonly record struct DateRange(DateOnly From, DateOnly Until)
{
    /// <summary>The dates of <paramref name="period"/>.</summary>
    public static DateRange Of(Period period) => new(period.FirstDay, period.EndExclusive);

    /// <summary>Whether <paramref name="date"/> is in the range.</summary>
    public bool Contains(DateOnly date) => date >= From && date < Until;

    /// <summary>Whether any date of <paramref name="period"/> is in the range.</summary>
    public bool Overlaps(Period period) => period.FirstDay < Until && period.EndExclusive > From;

    /// <summary>The smallest range holding both.</summary>
    public DateRange Union(DateRange other) =>
        new(From < other.From ? From : other.From, Until > other.Until ? Until : other.Until);

    /// <summary>The calendar months that hold a date of the range, in order; none when the range is empty.</summary>
    public IEnumerable<Period> Months()
    {
        if (Until <= From)
        {
            yield break;
        }

        for (var month = Period.MonthOf(From); month.FirstDay < Until; month = month.Next)
        {
            yield return month;
        }
    }
}
