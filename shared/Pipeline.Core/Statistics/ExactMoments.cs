using System.Numerics;
using System.Text.Json.Serialization;

namespace Pipeline.Statistics;

/// <summary>
/// The count, sum and sum of squares of a series of doubles, kept exactly so that the figures do not depend on
/// the order the values arrive in or on how the series was split and merged: each value is rounded once to a
/// fixed point of 2⁻⁶⁴ (exact for every double the KPIs produce: scores, indices 0–100, campaign scores) and
/// summed in 128-bit integers, which add associatively. Mean and sample variance (n − 1 denominator) are
/// computed from the exact sums at the end.
/// </summary>
public sealed class ExactMoments : ISeries
{
    private const double Scale = 18446744073709551616d; // 2^64

    /// <summary>Values added.</summary>
    public long Count { get; set; }

    /// <summary>Σx in units of 2⁻⁶⁴.</summary>
    public Int128 Sum { get; set; }

    /// <summary>Σx² (each square rounded once to double) in units of 2⁻⁶⁴.</summary>
    public Int128 SumOfSquares { get; set; }

    /// <summary>Adds one value (finite, |x| &lt; 2³¹).</summary>
    public void Push(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 2147483648d)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "a KPI observation must be finite and below 2^31");
        }

        Count++;
        Sum += Fixed(value);
        SumOfSquares += Fixed(value * value);
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(ExactMoments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        MergeCore(other);
    }

    private void MergeCore(ExactMoments other)
    {
        Count += other.Count;
        Sum += other.Sum;
        SumOfSquares += other.SumOfSquares;
    }

    /// <summary>The arithmetic mean; NaN when empty.</summary>
    [JsonIgnore]
    public double Mean => Count == 0 ? double.NaN : ToDouble((BigInteger)Sum, Count);

    /// <summary>The sample variance (n − 1 denominator), from the exact sums: (n·Σx² − (Σx)²) / (n(n − 1)); NaN below two values.</summary>
    [JsonIgnore]
    public double Variance
    {
        get
        {
            if (Count < 2)
            {
                return double.NaN;
            }

            // n·Σx² is in units of 2⁻⁶⁴, (Σx)² in units of 2⁻¹²⁸: bring both to 2⁻¹²⁸.
            var numerator = (new BigInteger(Count) * (BigInteger)SumOfSquares << 64) - ((BigInteger)Sum * (BigInteger)Sum);
            if (numerator.Sign <= 0)
            {
                return 0;
            }

            return ToDouble(numerator >> 64, (double)Count * (Count - 1));
        }
    }

    /// <summary>The sample standard deviation; NaN below two values.</summary>
    [JsonIgnore]
    public double StandardDeviation => Math.Sqrt(Variance);

    private static Int128 Fixed(double value) => (Int128)Math.Round(value * Scale, MidpointRounding.ToEven);

    // units of 2⁻⁶⁴ divided by a count, as a double: one rounding for the integer part, one for the division.
    private static double ToDouble(BigInteger units, double divisor) => (double)units / Scale / divisor;
}
