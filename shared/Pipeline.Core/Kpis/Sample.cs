using Pipeline.Statistics;

namespace Pipeline.Kpis;

/// <summary>What a significance test needs of one period's KPI.</summary>
public abstract record Sample;

/// <summary>x successes of n trials (a rate of records).</summary>
/// <param name="Successes">Records meeting the condition.</param>
/// <param name="Trials">Records considered.</param>
public sealed record Proportion(long Successes, long Trials) : Sample;

/// <summary>Mean, sample variance (n − 1) and count of a series (NaN where undefined).</summary>
/// <param name="Mean">The mean.</param>
/// <param name="Variance">The sample variance.</param>
/// <param name="Count">Observations.</param>
public sealed record Moments(double Mean, double Variance, long Count) : Sample
{
    /// <summary>The moments of an exact series.</summary>
    public static Moments Of(ISeries series) => new(series.Mean, series.Variance, series.Count);
}
