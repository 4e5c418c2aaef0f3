using System.Text.Json.Serialization;

namespace Pipeline.Statistics;

/// <summary>
/// Cronbach's α of k integer-scored items, folded one response at a time:
/// α = k/(k − 1) · (1 − Σ var(itemᵢ) / var(Σ items)), with sample variances (n − 1 denominator). The sums are kept
/// as exact integers, so α does not depend on the order responses arrive in or on how the fold was split; the
/// variances' common factor 1/(n(n − 1)) cancels, leaving α = k/(k − 1) · (1 − Σ(nΣxᵢ² − (Σxᵢ)²) / (nΣT² − (ΣT)²)).
/// Public settable members are its plain data form.
/// </summary>
public sealed class CronbachAlpha
{
    /// <summary>An empty fold of <paramref name="items"/> items.</summary>
    public CronbachAlpha(int items)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 2);
        Sums = new long[items];
        SumsOfSquares = new long[items];
    }

    /// <summary>For deserialisation.</summary>
    public CronbachAlpha()
        : this(4)
    {
    }

    /// <summary>Responses folded in.</summary>
    public long Count { get; set; }

    /// <summary>Σ score of each item.</summary>
    public long[] Sums { get; set; }

    /// <summary>Σ score² of each item.</summary>
    public long[] SumsOfSquares { get; set; }

    /// <summary>Σ of each response's total.</summary>
    public long TotalSum { get; set; }

    /// <summary>Σ of each response's total squared.</summary>
    public long TotalSumOfSquares { get; set; }

    /// <summary>Adds one response that answered every item.</summary>
    public void Add(ReadOnlySpan<int> scores)
    {
        if (scores.Length != Sums.Length)
        {
            throw new ArgumentException($"expected {Sums.Length} scores", nameof(scores));
        }

        long total = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            Sums[i] += scores[i];
            SumsOfSquares[i] += (long)scores[i] * scores[i];
            total += scores[i];
        }

        Count++;
        TotalSum += total;
        TotalSumOfSquares += total * total;
    }

    /// <summary>Adds every response of <paramref name="other"/> (same number of items).</summary>
    public void Merge(CronbachAlpha other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < Sums.Length; i++)
        {
            Sums[i] += other.Sums[i];
            SumsOfSquares[i] += other.SumsOfSquares[i];
        }

        Count += other.Count;
        TotalSum += other.TotalSum;
        TotalSumOfSquares += other.TotalSumOfSquares;
    }

    /// <summary>α; null with fewer than two responses or when the totals do not vary.</summary>
    [JsonIgnore]
    public double? Value
    {
        get
        {
            if (Count < 2)
            {
                return null;
            }

            Int128 n = Count;
            var totalSpread = (n * TotalSumOfSquares) - ((Int128)TotalSum * TotalSum);
            if (totalSpread <= 0)
            {
                return null;
            }

            Int128 itemSpread = 0;
            for (var i = 0; i < Sums.Length; i++)
            {
                itemSpread += (n * SumsOfSquares[i]) - ((Int128)Sums[i] * Sums[i]);
            }

            double k = Sums.Length;
            return k / (k - 1) * (1 - ((double)itemSpread / (double)totalSpread));
        }
    }
}
