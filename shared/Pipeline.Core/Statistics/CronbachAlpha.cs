using MathNet.Numerics.Statistics;

namespace Pipeline.Statistics;

/// <summary>
/// Cronbach's α of k items, folded one response at a time:
/// α = k/(k − 1) · (1 − Σ var(itemᵢ) / var(Σ items)), with sample variances (n − 1 denominator).
/// </summary>
public sealed class CronbachAlpha(int items)
{
    private readonly RunningStatistics[] _items = Enumerable.Range(0, items).Select(_ => new RunningStatistics()).ToArray();
    private readonly RunningStatistics _totals = new();

    /// <summary>Responses folded in.</summary>
    public long Count => _totals.Count;

    /// <summary>Adds one response that answered every item.</summary>
    public void Add(ReadOnlySpan<double> scores)
    {
        if (scores.Length != _items.Length)
        {
            throw new ArgumentException($"expected {_items.Length} scores", nameof(scores));
        }

        var total = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            _items[i].Push(scores[i]);
            total += scores[i];
        }

        _totals.Push(total);
    }

    /// <summary>α; null with fewer than two responses or when the totals do not vary.</summary>
    public double? Value
    {
        get
        {
            if (Count < 2)
            {
                return null;
            }

            var totalVariance = _totals.Variance;
            if (totalVariance <= 0 || double.IsNaN(totalVariance))
            {
                return null;
            }

            double k = _items.Length;
            return k / (k - 1) * (1 - (_items.Sum(i => i.Variance) / totalVariance));
        }
    }
}
