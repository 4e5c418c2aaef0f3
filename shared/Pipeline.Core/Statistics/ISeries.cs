namespace Pipeline.Statistics;

/// <summary>The moments of a series kept exactly: count, mean and sample variance (n − 1 denominator).</summary>
public interface ISeries
{
    /// <summary>Values added.</summary>
    long Count { get; }

    /// <summary>The arithmetic mean; NaN when empty.</summary>
    double Mean { get; }

    /// <summary>The sample variance (n − 1 denominator); NaN below two values.</summary>
    double Variance { get; }

    /// <summary>The sample standard deviation; NaN below two values.</summary>
    double StandardDeviation { get; }
}
