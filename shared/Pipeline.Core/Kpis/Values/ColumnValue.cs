using System.Globalization;

namespace Pipeline.Kpis;

/// <summary>
/// The figure one <see cref="ValueColumn"/> reads from a KPI value, kept as the type the value holds it in (a decimal
/// keeps its digits, a count stays whole); every member is null when the figure is null.
/// </summary>
public readonly record struct ColumnValue
{
    /// <summary>A figure held as a double.</summary>
    public double? Double { get; private init; }

    /// <summary>A figure held as a decimal (money, exact).</summary>
    public decimal? Decimal { get; private init; }

    /// <summary>A figure held as a whole number.</summary>
    public long? Integer { get; private init; }

    /// <summary>A text.</summary>
    public string? Text { get; private init; }

    /// <summary>A double figure; null for none.</summary>
    public static implicit operator ColumnValue(double? value) => new() { Double = value };

    /// <summary>A decimal figure; null for none.</summary>
    public static implicit operator ColumnValue(decimal? value) => new() { Decimal = value };

    /// <summary>A whole figure; null for none.</summary>
    public static implicit operator ColumnValue(long? value) => new() { Integer = value };

    /// <summary>A text; null for none.</summary>
    public static implicit operator ColumnValue(string? value) => new() { Text = value };

    /// <summary>
    /// The figure as culture-invariant text, unrounded (a double round-trips, <c>"R"</c>; a decimal with its digits);
    /// null when it is null.
    /// </summary>
    public string? ToInvariantString() =>
        Double?.ToString("R", CultureInfo.InvariantCulture)
        ?? Decimal?.ToString(CultureInfo.InvariantCulture)
        ?? Integer?.ToString(CultureInfo.InvariantCulture)
        ?? Text;
}
