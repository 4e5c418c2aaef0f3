using MathNet.Numerics.Statistics;

namespace Pipeline.Statistics;

/// <summary>Percentiles by linear interpolation between closest ranks, as Excel's PERCENTILE.INC (R type 7).</summary>
public static class Percentiles
{
    /// <summary>
    /// The <paramref name="p"/>-th percentile (0 ≤ p ≤ 1) of <paramref name="values"/>: with the values sorted
    /// and h = (n − 1)·p, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋). Null when there are no values.
    /// </summary>
    public static double? Inclusive(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return SortedArrayStatistics.QuantileCustom(sorted, p, QuantileDefinition.Excel);
    }
}
