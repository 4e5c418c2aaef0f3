using System.Text.Json.Serialization;

namespace Pipeline.Statistics;

/// <summary>
/// Count, mean and sample variance of a series of ratios numerator/denominator whose numerators and denominators are
/// exact decimals with few distinct denominators (the satisfaction index: 100·Σwᵈ(sᵈ − 1) over 4·Σwᵈ of the
/// dimensions answered). The numerators are summed exactly per denominator, so the figures do not depend on the order
/// values arrive in or on how the series was split, and a mean the weights make exact (83.75) comes out exact, not one
/// binary rounding off. Public settable members are its plain data form.
/// </summary>
public sealed class RatioMoments : ISeries, IJsonOnSerializing
{
    /// <summary>Per denominator: the count, Σ numerator and Σ numerator².</summary>
    public Dictionary<decimal, RatioSums> ByDenominator { get; set; } = [];

    /// <summary>Values added.</summary>
    [JsonIgnore]
    public long Count => ByDenominator.Values.Sum(s => s.Count);

    /// <summary>Adds numerator/denominator (denominator &gt; 0).</summary>
    public void Push(decimal numerator, decimal denominator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(denominator, 0);
        var sums = SumsOf(denominator);
        sums.Count++;
        sums.Sum += numerator;
        sums.SumOfSquares += numerator * numerator;
    }

    /// <summary>Adds every value of <paramref name="other"/>.</summary>
    public void Merge(RatioMoments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (denominator, theirs) in other.ByDenominator)
        {
            var sums = SumsOf(denominator);
            sums.Count += theirs.Count;
            sums.Sum += theirs.Sum;
            sums.SumOfSquares += theirs.SumOfSquares;
        }
    }

    /// <summary>The arithmetic mean; NaN when empty.</summary>
    [JsonIgnore]
    public double Mean
    {
        get
        {
            var n = Count;
            return n == 0 ? double.NaN : (double)(Total() / n);
        }
    }

    /// <summary>The sample variance (n − 1 denominator) from the exact sums; NaN below two values.</summary>
    [JsonIgnore]
    public double Variance
    {
        get
        {
            var n = Count;
            if (n < 2)
            {
                return double.NaN;
            }

            decimal squares = 0;
            foreach (var (denominator, sums) in Ordered())
            {
                squares += sums.SumOfSquares / (denominator * denominator);
            }

            var total = Total();
            var spread = squares - (total * total / n);
            return spread <= 0 ? 0 : (double)(spread / (n - 1));
        }
    }

    /// <summary>The sample standard deviation; NaN below two values.</summary>
    [JsonIgnore]
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <inheritdoc />
    void IJsonOnSerializing.OnSerializing() => ByDenominator = ByDenominator.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value);

    private decimal Total()
    {
        decimal total = 0;
        foreach (var (denominator, sums) in Ordered())
        {
            total += sums.Sum / denominator;
        }

        return total;
    }

    private IEnumerable<(decimal Denominator, RatioSums Sums)> Ordered() =>
        ByDenominator.OrderBy(p => p.Key).Select(p => (p.Key, p.Value));

    private RatioSums SumsOf(decimal denominator)
    {
        if (!ByDenominator.TryGetValue(denominator, out var sums))
        {
            ByDenominator[denominator] = sums = new RatioSums();
        }

        return sums;
    }
}

/// <summary>The exact sums of the numerators sharing one denominator.</summary>
public sealed class RatioSums
{
    /// <summary>Values.</summary>
    public long Count { get; set; }

    /// <summary>Σ numerator.</summary>
    public decimal Sum { get; set; }

    /// <summary>Σ numerator².</summary>
    public decimal SumOfSquares { get; set; }
}
