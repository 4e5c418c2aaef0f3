using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pipeline.Time;

/// <summary>Whether a <see cref="Period"/> is a calendar month or a calendar year.</summary>
public enum PeriodKind
{
    /// <summary>A calendar month, written <c>yyyy-MM</c>.</summary>
    Monthly,

    /// <summary>A calendar year, written <c>yyyy</c>.</summary>
    Annual,
}

/// <summary>
/// An assessment period: a calendar month (<c>yyyy-MM</c>) or a calendar year (<c>yyyy</c>) of local
/// business dates in the company time zone. Immutable and always valid, like NodaTime's <c>YearMonth</c>.
/// </summary>
public readonly record struct Period : IComparable<Period>, ISpanFormattable
{
    private Period(int year, int month)
    {
        Year = year;
        MonthNumber = month;
    }

    /// <summary>Earliest year a period may have.</summary>
    public const int MinYear = 1900;

    /// <summary>Latest year a period may have.</summary>
    public const int MaxYear = 9998;

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>The month 1–12 for a monthly period; 0 for an annual one.</summary>
    public int MonthNumber { get; }

    /// <summary>Monthly or annual.</summary>
    public PeriodKind Kind => MonthNumber == 0 ? PeriodKind.Annual : PeriodKind.Monthly;

    /// <summary>The first local date in the period.</summary>
    public DateOnly FirstDay => new(Year, MonthNumber == 0 ? 1 : MonthNumber, 1);

    /// <summary>The first local date after the period (the first day of the next period).</summary>
    public DateOnly EndExclusive => Kind == PeriodKind.Annual ? FirstDay.AddYears(1) : FirstDay.AddMonths(1);

    /// <summary>The monthly period <paramref name="year"/>-<paramref name="month"/>.</summary>
    public static Period Month(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return new Period(year, month);
    }

    /// <summary>The annual period <paramref name="year"/>.</summary>
    public static Period OfYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
        return new Period(year, 0);
    }

    /// <summary>The month that contains the local date <paramref name="date"/>.</summary>
    public static Period MonthOf(DateOnly date) => Month(date.Year, date.Month);

    /// <summary>The period before this one (the previous month, or the previous year).</summary>
    public Period Previous => Kind == PeriodKind.Annual
        ? OfYear(Year - 1)
        : MonthNumber == 1 ? Month(Year - 1, 12) : Month(Year, MonthNumber - 1);

    /// <summary>The period after this one.</summary>
    public Period Next => Kind == PeriodKind.Annual
        ? OfYear(Year + 1)
        : MonthNumber == 12 ? Month(Year + 1, 1) : Month(Year, MonthNumber + 1);

    /// <summary>The annual period containing this one (itself when annual).</summary>
    public Period YearPeriod => OfYear(Year);

    /// <summary>The months of the period: itself, or the twelve months of the year.</summary>
    public IEnumerable<Period> Months()
    {
        if (Kind == PeriodKind.Monthly)
        {
            yield return this;
            yield break;
        }

        for (var month = 1; month <= 12; month++)
        {
            yield return Month(Year, month);
        }
    }

    /// <summary>Whether the local date <paramref name="date"/> falls in this period.</summary>
    public bool Contains(DateOnly date) => date >= FirstDay && date < EndExclusive;

    /// <summary>Parses <c>yyyy-MM</c> or <c>yyyy</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period (yyyy-MM or yyyy).");

    /// <summary>Parses <c>yyyy-MM</c> or <c>yyyy</c> exactly (four-digit year, two-digit month).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (text is null || (text.Length != 4 && text.Length != 7))
        {
            return false;
        }

        if (!int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ||
            year < MinYear || year > MaxYear)
        {
            return false;
        }

        if (text.Length == 4)
        {
            period = OfYear(year);
            return true;
        }

        if (text[4] != '-' ||
            !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) ||
            month is < 1 or > 12)
        {
            return false;
        }

        period = Month(year, month);
        return true;
    }

    /// <summary>Parses a monthly period <c>yyyy-MM</c> only.</summary>
    public static bool TryParseMonth([NotNullWhen(true)] string? text, out Period period) =>
        TryParse(text, out period) && period.Kind == PeriodKind.Monthly;

    /// <inheritdoc />
    public int CompareTo(Period other)
    {
        var byYear = Year.CompareTo(other.Year);
        return byYear != 0 ? byYear : MonthNumber.CompareTo(other.MonthNumber);
    }

    /// <summary><c>yyyy-MM</c> or <c>yyyy</c>.</summary>
    public override string ToString() => Kind == PeriodKind.Annual
        ? Year.ToString("D4", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{MonthNumber:D2}");

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var text = ToString();
        charsWritten = 0;
        if (!text.AsSpan().TryCopyTo(destination))
        {
            return false;
        }

        charsWritten = text.Length;
        return true;
    }

    /// <summary>Orders periods by year, then month (a year sorts before its months).</summary>
    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    /// <inheritdoc cref="op_LessThan" />
    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    /// <inheritdoc cref="op_LessThan" />
    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    /// <inheritdoc cref="op_LessThan" />
    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;
}
