using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Pipeline.Time;

/// <summary>The kind of a <see cref="Period"/>, as the contract names it.</summary>
public enum PeriodKind
{
    /// <summary>A calendar month, written <c>yyyy-MM</c>.</summary>
    Monthly,

    /// <summary>A calendar quarter (Q1 = January–March), written <c>yyyy-Qn</c>.</summary>
    Quarterly,

    /// <summary>A calendar year, written <c>yyyy</c>.</summary>
    Annual,
}

/// <summary>
/// An assessment period: a calendar month (<c>yyyy-MM</c>), quarter (<c>yyyy-Qn</c>) or year (<c>yyyy</c>) of
/// local business dates in the company time zone. Immutable and always valid, like NodaTime's <c>YearMonth</c>;
/// parsed and printed here only, ordered by its first day (then the shorter period first).
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PeriodJsonConverter))]
[System.ComponentModel.TypeConverter(typeof(PeriodTypeConverter))]
public readonly record struct Period : IComparable<Period>, ISpanFormattable
{
    private Period(int year, PeriodKind kind, int index)
    {
        Year = year;
        Kind = kind;
        Index = index;
    }

    /// <summary>Earliest year a period may have.</summary>
    public const int MinYear = 1900;

    /// <summary>Latest year a period may have.</summary>
    public const int MaxYear = 9998;

    /// <summary>The calendar year.</summary>
    public int Year { get; }

    /// <summary>Monthly, quarterly or annual.</summary>
    public PeriodKind Kind { get; }

    /// <summary>The position within the year: the month 1–12, the quarter 1–4, or 1 for a year.</summary>
    public int Index { get; }

    /// <summary>The kind as the contract writes it: <c>monthly</c>, <c>quarterly</c> or <c>annual</c>.</summary>
    public string KindName => Kind switch
    {
        PeriodKind.Monthly => "monthly",
        PeriodKind.Quarterly => "quarterly",
        _ => "annual",
    };

    /// <summary>How many months the period spans: 1, 3 or 12.</summary>
    public int Length => Kind switch
    {
        PeriodKind.Monthly => 1,
        PeriodKind.Quarterly => 3,
        _ => 12,
    };

    /// <summary>The first local date in the period.</summary>
    public DateOnly FirstDay => new(Year, FirstMonth, 1);

    /// <summary>The first local date after the period (the first day of the next period).</summary>
    public DateOnly EndExclusive => FirstDay.AddMonths(Length);

    private int FirstMonth => Kind switch
    {
        PeriodKind.Monthly => Index,
        PeriodKind.Quarterly => (3 * (Index - 1)) + 1,
        _ => 1,
    };

    /// <summary>The monthly period <paramref name="year"/>-<paramref name="month"/>.</summary>
    public static Period Month(int year, int month)
    {
        CheckYear(year);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return new Period(year, PeriodKind.Monthly, month);
    }

    /// <summary>The quarter <paramref name="quarter"/> (1–4) of <paramref name="year"/>.</summary>
    public static Period Quarter(int year, int quarter)
    {
        CheckYear(year);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        return new Period(year, PeriodKind.Quarterly, quarter);
    }

    /// <summary>The annual period <paramref name="year"/>.</summary>
    public static Period OfYear(int year)
    {
        CheckYear(year);
        return new Period(year, PeriodKind.Annual, 1);
    }

    /// <summary>The month that contains the local date <paramref name="date"/>.</summary>
    public static Period MonthOf(DateOnly date) => Month(date.Year, date.Month);

    /// <summary>The period of the same kind that starts where this one's first day minus one lies.</summary>
    public Period Previous => Shift(-1);

    /// <summary>The period of the same kind that starts at <see cref="EndExclusive"/>.</summary>
    public Period Next => Shift(1);

    /// <summary>The quarter containing this period's first month.</summary>
    public Period QuarterPeriod => Quarter(Year, ((FirstMonth - 1) / 3) + 1);

    /// <summary>The annual period containing this one (itself when annual).</summary>
    public Period YearPeriod => OfYear(Year);

    /// <summary>The months of the period, in order: itself, the three of a quarter, or the twelve of a year.</summary>
    public IEnumerable<Period> Months()
    {
        var first = FirstMonth;
        for (var month = first; month < first + Length; month++)
        {
            yield return Month(Year, month);
        }
    }

    /// <summary>Whether the local date <paramref name="date"/> falls in this period.</summary>
    public bool Contains(DateOnly date) => date >= FirstDay && date < EndExclusive;

    /// <summary>Whether every month of <paramref name="other"/> falls in this period.</summary>
    public bool Contains(Period other) => other.FirstDay >= FirstDay && other.EndExclusive <= EndExclusive;

    /// <summary>Parses <c>yyyy-MM</c>, <c>yyyy-Qn</c> or <c>yyyy</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period (yyyy-MM, yyyy-Qn or yyyy).");

    /// <summary>Parses <c>yyyy-MM</c>, <c>yyyy-Qn</c> or <c>yyyy</c> exactly (four-digit year, two-digit month, quarter 1–4).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (text is null || (text.Length != 4 && text.Length != 7) ||
            !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ||
            year < MinYear || year > MaxYear)
        {
            return false;
        }

        if (text.Length == 4)
        {
            period = OfYear(year);
            return true;
        }

        if (text[4] != '-')
        {
            return false;
        }

        if (text[5] == 'Q')
        {
            if (text[6] is < '1' or > '4')
            {
                return false;
            }

            period = Quarter(year, text[6] - '0');
            return true;
        }

        if (!int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return false;
        }

        period = Month(year, month);
        return true;
    }

    /// <summary>Parses a monthly period <c>yyyy-MM</c> only.</summary>
    public static bool TryParseMonth([NotNullWhen(true)] string? text, out Period period) =>
        TryParse(text, out period) && period.Kind == PeriodKind.Monthly;

    /// <summary>By first day, then the shorter period first (a month before its quarter, a quarter before its year).</summary>
    public int CompareTo(Period other)
    {
        var byStart = FirstDay.CompareTo(other.FirstDay);
        return byStart != 0 ? byStart : Length.CompareTo(other.Length);
    }

    /// <summary><c>yyyy-MM</c>, <c>yyyy-Qn</c> or <c>yyyy</c>.</summary>
    public override string ToString() => Kind switch
    {
        PeriodKind.Monthly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}"),
        PeriodKind.Quarterly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Index}"),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

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

    /// <summary>Orders periods by first day, then length.</summary>
    public static bool operator <(Period left, Period right) => left.CompareTo(right) < 0;

    /// <inheritdoc cref="op_LessThan" />
    public static bool operator >(Period left, Period right) => left.CompareTo(right) > 0;

    /// <inheritdoc cref="op_LessThan" />
    public static bool operator <=(Period left, Period right) => left.CompareTo(right) <= 0;

    /// <inheritdoc cref="op_LessThan" />
    public static bool operator >=(Period left, Period right) => left.CompareTo(right) >= 0;

    private Period Shift(int steps)
    {
        var first = FirstDay.AddMonths(steps * Length);
        return Kind switch
        {
            PeriodKind.Monthly => Month(first.Year, first.Month),
            PeriodKind.Quarterly => Quarter(first.Year, ((first.Month - 1) / 3) + 1),
            _ => OfYear(first.Year),
        };
    }

    private static void CheckYear(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, MinYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, MaxYear);
    }
}
