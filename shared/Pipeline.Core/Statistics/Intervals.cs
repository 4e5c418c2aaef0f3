using MathNet.Numerics.Distributions;

namespace Pipeline.Statistics;

/// <summary>95 % confidence intervals as CONTRACT §3 defines them.</summary>
public static class Intervals
{
    /// <summary>The standard normal 0.975 quantile (not 1.96), used wherever a normal quantile is meant.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The Wilson score interval of a proportion <paramref name="successes"/>/<paramref name="trials"/>
    /// (without continuity correction, as R's <c>prop.test(x, n, correct = FALSE)</c>). Null when there are no trials.
    /// </summary>
    public static (double Low, double High)? Wilson(long successes, long trials, double z = Z95)
    {
        if (trials <= 0)
        {
            return null;
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The Student t interval of a mean: mean ± t(0.975, n − 1) · s / √n, with s the sample standard
    /// deviation (n − 1 denominator). Null when n &lt; 2.
    /// </summary>
    public static (double Low, double High)? StudentT(double mean, double sampleStandardDeviation, long n)
    {
        if (n < 2 || double.IsNaN(sampleStandardDeviation))
        {
            return null;
        }

        var half = StudentT975(n - 1) * sampleStandardDeviation / Math.Sqrt(n);
        return (mean - half, mean + half);
    }

    /// <summary>The 0.975 quantile of Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double StudentT975(double degreesOfFreedom) => MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975);

    /// <summary>
    /// The 95 % margin of a Net Promoter Score, in points: z · 100 · √((p₊ + p₋ − (p₊ − p₋)²) / n),
    /// with p₊ and p₋ the shares of promoters and detractors. Null when n is 0.
    /// </summary>
    public static double? NpsMargin(long promoters, long detractors, long n, double z = Z95)
    {
        if (n <= 0)
        {
            return null;
        }

        var plus = (double)promoters / n;
        var minus = (double)detractors / n;
        var variance = plus + minus - ((plus - minus) * (plus - minus));
        return z * 100 * Math.Sqrt(Math.Max(0, variance) / n);
    }

    /// <summary>The standard normal CDF.</summary>
    public static double NormalCdf(double x) => Normal.CDF(0, 1, x);
}
