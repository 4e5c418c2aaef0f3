using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Time;

namespace Pipeline.Records;

/// <summary>Parses one field's text into its stored value, or says why it cannot.</summary>
public static partial class FieldParser
{
    /// <summary>The largest absolute amount of money accepted (CONTRACT §1).</summary>
    public const decimal MaxMoney = 1_000_000_000_000m;

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex IdPattern();

    // ISO 8601 extended format: date, 'T' (or a space, as spreadsheets write it), time to the minute,
    // optional seconds and fraction, then the offset we require.
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)(Z|z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex TimestampPattern();

    /// <summary>Whether <paramref name="id"/> is a valid record id.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>
    /// Parses <paramref name="text"/> (already trimmed, non-empty) as <paramref name="field"/>'s type.
    /// Returns the value, or null with <paramref name="error"/> set.
    /// </summary>
    public static object? Parse(FieldSpec field, string text, out string? error)
    {
        error = null;
        switch (field.Type)
        {
            case FieldType.Id:
                if (IdPattern().IsMatch(text))
                {
                    return text;
                }

                error = text.Length > 128
                    ? "must be at most 128 characters"
                    : "may contain only A-Z a-z 0-9 . _ : - (1 to 128 characters)";
                return null;

            case FieldType.Text:
                if (text.Length <= field.MaxLength)
                {
                    return text;
                }

                error = $"must be at most {field.MaxLength} characters (got {text.Length})";
                return null;

            case FieldType.Date:
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) &&
                    date.Year is >= Period.MinYear and <= Period.MaxYear)
                {
                    return date;
                }

                error = "must be a date yyyy-MM-dd";
                return null;

            case FieldType.Timestamp:
                return ParseTimestamp(text, out error);

            case FieldType.Money:
            case FieldType.NonNegativeMoney:
                return ParseMoney(text, nonNegative: field.Type == FieldType.NonNegativeMoney, out error);

            case FieldType.Count:
                if (TryParseWhole(text, out var count) && count >= 0)
                {
                    return count;
                }

                error = "must be a whole number ≥ 0";
                return null;

            case FieldType.Score:
                if (TryParseWhole(text, out var score) && score >= field.Min && score <= field.Max)
                {
                    return (int)score;
                }

                error = $"must be a whole number from {field.Min} to {field.Max}";
                return null;

            case FieldType.Boolean:
                switch (text.ToLowerInvariant())
                {
                    case "true" or "1":
                        return true;
                    case "false" or "0":
                        return false;
                    default:
                        error = "must be true or false";
                        return null;
                }

            case FieldType.Enum:
                foreach (var allowed in field.Values)
                {
                    if (string.Equals(allowed, text, StringComparison.OrdinalIgnoreCase))
                    {
                        return allowed;
                    }
                }

                error = $"must be one of {string.Join(", ", field.Values)}";
                return null;

            case FieldType.Month:
                if (Period.TryParseMonth(text, out var period))
                {
                    return period;
                }

                error = "must be a month yyyy-MM";
                return null;

            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Type, "unknown field type");
        }
    }

    private static object? ParseTimestamp(string text, out string? error)
    {
        error = null;
        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            error = "must be an ISO 8601 timestamp with an offset, e.g. 2026-11-03T09:15:00+08:00";
            return null;
        }

        if (!match.Groups[3].Success)
        {
            error = "timestamp needs an offset (Z or ±hh:mm)";
            return null;
        }

        var normalised = $"{match.Groups[1].Value}T{match.Groups[2].Value}{match.Groups[3].Value.ToUpperInvariant()}";
        if (!DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ||
            instant.Year is < Period.MinYear or > Period.MaxYear)
        {
            error = "is not a valid date and time";
            return null;
        }

        return instant;
    }

    private static object? ParseMoney(string text, bool nonNegative, out string? error)
    {
        error = null;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var amount))
        {
            error = "must be a number (digits, optional sign and decimal point)";
            return null;
        }

        if (Math.Abs(amount) > MaxMoney)
        {
            error = "must be at most 1e12 in absolute value";
            return null;
        }

        if (nonNegative && amount < 0)
        {
            error = "must not be negative";
            return null;
        }

        return amount;
    }

    private static bool TryParseWhole(string text, out long value)
    {
        value = 0;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var number) ||
            number != decimal.Truncate(number) || Math.Abs(number) > long.MaxValue)
        {
            return false;
        }

        value = (long)number;
        return true;
    }
}
