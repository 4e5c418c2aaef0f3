namespace Pipeline.Kpis;

/// <summary>Which way a KPI is better.</summary>
public enum Direction
{
    /// <summary>Higher is better: an alert threshold is a floor, scorecard points are value / goal.</summary>
    Higher,

    /// <summary>Lower is better: an alert threshold is a ceiling, scorecard points are goal / value.</summary>
    Lower,
}

/// <summary>How a report shows a KPI's main figure.</summary>
public enum KpiFormat
{
    /// <summary>An amount of money, two decimals.</summary>
    Money,

    /// <summary>A whole number.</summary>
    Count,

    /// <summary>A fraction shown as a percentage with one decimal; numerator and denominator are money.</summary>
    Percent,

    /// <summary>A fraction shown as a percentage; numerator and denominator are counts.</summary>
    PercentOfCounts,

    /// <summary>A number with one decimal (indices 0–100, NPS, hours, scores 0–100).</summary>
    Decimal1,

    /// <summary>A number with two decimals (means of 1–5 scores).</summary>
    Decimal2,

    /// <summary>A number with three decimals (reliability coefficients).</summary>
    Decimal3,

    /// <summary>Several means, one per survey dimension: no single figure.</summary>
    Dimensions,
}

/// <summary>What the pipeline knows of one KPI besides its value: the catalogue's entry.</summary>
/// <param name="Name">The KPI name (CONTRACT §3), as it appears in results.</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Format">How reports show it.</param>
/// <param name="Testable">Whether a change against the previous period is tested (rates of records and means).</param>
/// <param name="LabelZh">Chinese label.</param>
/// <param name="LabelEn">English label.</param>
/// <param name="DefaultAlert">The default alert threshold (<c>Alerts:{kpi}</c>); null when it raises no alert by default.</param>
public sealed record KpiDefinition(
    string Name, Direction Direction, KpiFormat Format, bool Testable, string LabelZh, string LabelEn, double? DefaultAlert = null)
{
    /// <summary>The corrective action a report suggests beside an alert on this KPI, in Chinese.</summary>
    public string? ActionZh { get; init; }

    /// <summary>The corrective action a report suggests beside an alert on this KPI, in English.</summary>
    public string? ActionEn { get; init; }

    /// <summary>The kind whose ids an alert on this KPI lists; null when it is the family's own kind.</summary>
    public string? RecordsKind { get; init; }

    /// <summary>The kinds of scope an alert on this KPI is raised for; null: every scope.</summary>
    public IReadOnlyList<ScopeKind>? AlertScopes { get; init; }

    /// <summary>Whether the KPI has a single figure a scorecard or an alert can use.</summary>
    public bool Scalar => Format != KpiFormat.Dimensions;
}
