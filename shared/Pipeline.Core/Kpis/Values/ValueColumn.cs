namespace Pipeline.Kpis;

/// <summary>
/// One figure a KPI value shape shows in the reports (<see cref="KpiValue.Columns"/>): the workbook gives it a column of
/// its own and <c>assessment.csv</c> a field, so the renderers iterate columns and never ask which shape a value is.
/// </summary>
/// <param name="Key">
/// The figure's name in <c>assessment.csv</c>'s header (<see cref="Value"/>, <see cref="Numerator"/>, …); a key the CSV
/// does not list is shown in the workbook only (the CSV's columns are only ever added at its end).
/// </param>
/// <param name="Type">What the column holds, which decides its display format.</param>
/// <param name="Label">
/// The words (report text keys) after the KPI's label in the column's workbook header, as in "Complaints · n"; none for the
/// main figure, which the KPI's label alone names.
/// </param>
/// <param name="Read">The figure of a value; null when the value is of another shape or the figure is null.</param>
public sealed record ValueColumn(string Key, ColumnType Type, IReadOnlyList<string> Label, Func<KpiValue, ColumnValue> Read)
{
    /// <summary>The main figure (<see cref="KpiValue.Number"/> for most shapes).</summary>
    public const string Value = "value";

    /// <summary>A rate's numerator.</summary>
    public const string Numerator = "numerator";

    /// <summary>A rate's denominator.</summary>
    public const string Denominator = "denominator";

    /// <summary>The observations or records behind the figure.</summary>
    public const string N = "n";

    /// <summary>The lower bound of the 95 % interval.</summary>
    public const string CiLow = "ciLow";

    /// <summary>The upper bound of the 95 % interval.</summary>
    public const string CiHigh = "ciHigh";

    /// <summary>The 90th percentile.</summary>
    public const string P90 = "p90";

    /// <summary>The main figure, <see cref="KpiValue.Number"/>, as a number: the column of a shape whose figure is a double.</summary>
    public static ValueColumn Number { get; } = Of<KpiValue>(Value, ColumnType.Number, v => v.Number);

    /// <summary>The main figure, <see cref="KpiValue.Number"/>, as a fraction shown as a percentage.</summary>
    public static ValueColumn Percentage { get; } = Of<KpiValue>(Value, ColumnType.Percent, v => v.Number);

    /// <summary>The observations behind the figure, <see cref="KpiValue.Observations"/>, headed <c>n</c>.</summary>
    public static ValueColumn Observations { get; } = Of<KpiValue>(N, ColumnType.Integer, v => v.Observations, "n");

    /// <summary>A column reading a double of <typeparamref name="T"/>.</summary>
    public static ValueColumn Of<T>(string key, ColumnType type, Func<T, double?> read, params string[] label) where T : KpiValue =>
        new(key, type, label, v => v is T t ? read(t) : null);

    /// <summary>A column reading a decimal of <typeparamref name="T"/>.</summary>
    public static ValueColumn Of<T>(string key, ColumnType type, Func<T, decimal?> read, params string[] label) where T : KpiValue =>
        new(key, type, label, v => v is T t ? read(t) : null);

    /// <summary>A column reading a whole number of <typeparamref name="T"/>.</summary>
    public static ValueColumn Of<T>(string key, ColumnType type, Func<T, long?> read, params string[] label) where T : KpiValue =>
        new(key, type, label, v => v is T t ? read(t) : null);

    /// <summary>A column reading a text of <typeparamref name="T"/>.</summary>
    public static ValueColumn Of<T>(string key, ColumnType type, Func<T, string?> read, params string[] label) where T : KpiValue =>
        new(key, type, label, v => v is T t ? read(t) : (string?)null);
}
