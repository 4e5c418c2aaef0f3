using MathNet.Numerics.Distributions;

namespace Pipeline.Statistics;

/// <summary>The outcome of a two-sided test of a change between two periods.</summary>
/// <param name="Test"><c>twoProportionZ</c> or <c>welchT</c>.</param>
/// <param name="Statistic">The z or t statistic (current minus previous).</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom (t test only).</param>
/// <param name="PValue">The two-sided p-value.</param>
public sealed record TestResult(string Test, double Statistic, double? DegreesOfFreedom, double PValue)
{
    /// <summary>Whether the change is significant at two-sided p &lt; <paramref name="alpha"/>.</summary>
    public bool IsSignificant(double alpha = 0.05) => PValue < alpha;
}

/// <summary>Tests of month-over-month changes (CONTRACT §3, alerts).</summary>
public static class SignificanceTests
{
    /// <summary>
    /// The pooled two-proportion z-test of x₁/n₁ against x₂/n₂ (as R's <c>prop.test(c(x1, x2), c(n1, n2),
    /// correct = FALSE)</c>, whose X² is z²). Null when a sample is empty or the pooled proportion is 0 or 1.
    /// </summary>
    public static TestResult? TwoProportionZ(long x1, long n1, long x2, long n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return null;
        }

        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        if (se <= 0 || double.IsNaN(se))
        {
            return null;
        }

        var z = (((double)x1 / n1) - ((double)x2 / n2)) / se;
        return new TestResult("twoProportionZ", z, null, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }

    /// <summary>
    /// Welch's t-test of two means with unequal variances and Welch–Satterthwaite degrees of freedom
    /// (as R's <c>t.test(x, y)</c>). Variances are sample variances. Null when a sample has fewer than two
    /// values or both variances are 0.
    /// </summary>
    public static TestResult? WelchT(double mean1, double variance1, long n1, double mean2, double variance2, long n2)
    {
        if (n1 < 2 || n2 < 2)
        {
            return null;
        }

        var a = variance1 / n1;
        var b = variance2 / n2;
        if (a + b <= 0 || double.IsNaN(a + b))
        {
            return null;
        }

        var t = (mean1 - mean2) / Math.Sqrt(a + b);
        var df = (a + b) * (a + b) / ((a * a / (n1 - 1)) + (b * b / (n2 - 1)));
        return new TestResult("welchT", t, df, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
    }
}
