namespace Pipeline.Kpis;

/// <summary>What a <see cref="ValueColumn"/> holds, which is also how a report displays it.</summary>
public enum ColumnType
{
    /// <summary>A measured number (a mean, hours, a score): two decimals in the workbook.</summary>
    Number,

    /// <summary>A whole number (a count, observations).</summary>
    Integer,

    /// <summary>An amount of money in the company currency, exact: two decimals.</summary>
    Money,

    /// <summary>A fraction (1.0 = 100 %) shown as a percentage.</summary>
    Percent,

    /// <summary>A text.</summary>
    Text,
}
