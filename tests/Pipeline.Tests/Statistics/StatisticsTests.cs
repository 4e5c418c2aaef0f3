using Pipeline.Statistics;

namespace Pipeline.Tests.Statistics;

/// <summary>
/// Reference values computed with R 4.2.2 (R Core Team), the call written beside each case; Excel's
/// PERCENTILE.INC example is from Microsoft's documentation of that function.
/// </summary>
public sealed class StatisticsTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    // R: prop.test(17, 40, correct = FALSE)$conf.int
    [InlineData(17, 40, 0.285093925599504, 0.578049314580089)]
    // R: prop.test(0, 10, correct = FALSE)$conf.int
    [InlineData(0, 10, 0, 0.277532799862889)]
    // R: prop.test(10, 10, correct = FALSE)$conf.int
    [InlineData(10, 10, 0.722467200137111, 1)]
    // R: prop.test(1, 1, correct = FALSE)$conf.int
    [InlineData(1, 1, 0.206549314377238, 1)]
    public void Wilson_interval_matches_R(long successes, long trials, double low, double high)
    {
        var interval = Intervals.Wilson(successes, trials)!.Value;
        Assert.Equal(low, interval.Low, Tolerance);
        Assert.Equal(high, interval.High, Tolerance);
    }

    [Fact]
    public void Wilson_interval_is_null_without_trials() => Assert.Null(Intervals.Wilson(0, 0));

    [Fact]
    public void The_normal_quantile_is_R_qnorm_0975() =>
        // R: print(qnorm(0.975), digits = 16)
        Assert.Equal(1.959963984540054, Intervals.Z95);

    [Theory]
    // R: qt(0.975, c(1, 4, 29, 1000))
    [InlineData(1, 12.7062047361747)]
    [InlineData(4, 2.77644510519779)]
    [InlineData(29, 2.0452296421327)]
    [InlineData(1000, 1.96233908082641)]
    public void Student_t_quantile_matches_R(double df, double expected) =>
        // MathNet inverts the CDF numerically: within 2e-11 of R at 1,000 degrees of freedom.
        Assert.Equal(expected, Intervals.StudentT975(df), 1e-10);

    [Fact]
    public void Student_t_interval_of_a_mean_matches_R()
    {
        // R: x <- c(72.5, 80, 91.25, 65, 88.75); mean(x) + c(-1, 1) * qt(0.975, 4) * sd(x) / sqrt(5)
        double[] x = [72.5, 80, 91.25, 65, 88.75];
        var sd = MathNet.Numerics.Statistics.Statistics.StandardDeviation(x);
        var interval = Intervals.StudentT(79.5, sd, 5)!.Value;
        Assert.Equal(65.8540476956733, interval.Low, 1e-10);
        Assert.Equal(93.1459523043267, interval.High, 1e-10);
        Assert.Null(Intervals.StudentT(80, 0, 1));
    }

    [Fact]
    public void Nps_margin_matches_the_contract_formula_computed_in_R()
    {
        // 23 promoters, 9 passives, 8 detractors: NPS = 100 (23 − 8) / 40 = 37.5.
        // R: pp <- 23/40; pm <- 8/40; 100 * qnorm(0.975) * sqrt((pp + pm - (pp - pm)^2) / 40)
        Assert.Equal(24.682612500391, Intervals.NpsMargin(23, 8, 40)!.Value, 1e-10);
        Assert.Null(Intervals.NpsMargin(0, 0, 0));
    }

    [Theory]
    // Excel: PERCENTILE.INC({1,3,2,4}, 0.3) = 1.9 (Microsoft's documentation of PERCENTILE.INC)
    [InlineData(new[] { 1.0, 3, 2, 4 }, 0.3, 1.9)]
    // R: quantile(c(12.5, 3, 7.25, 40, 18, 5.5, 26), c(0.5, 0.9), type = 7)
    [InlineData(new[] { 12.5, 3, 7.25, 40, 18, 5.5, 26 }, 0.5, 12.5)]
    [InlineData(new[] { 12.5, 3, 7.25, 40, 18, 5.5, 26 }, 0.9, 31.6)]
    // By hand: {1, 2, 3, 4}, p = 0.5 → h = 1.5 → 2 + 0.5 (3 − 2) = 2.5.
    [InlineData(new[] { 4.0, 1, 3, 2 }, 0.5, 2.5)]
    [InlineData(new[] { 4.0 }, 0.9, 4)]
    public void Percentile_is_excel_percentile_inc(double[] values, double p, double expected) =>
        Assert.Equal(expected, Percentiles.Inclusive(values, p)!.Value, Tolerance);

    [Fact]
    public void Percentile_of_nothing_is_null() => Assert.Null(Percentiles.Inclusive([], 0.5));

    [Fact]
    public void Two_proportion_z_test_matches_R()
    {
        // R: prop.test(c(45, 30), c(60, 55), correct = FALSE): X-squared = 5.29261363636364 = z², p = 0.0214160552232667
        var result = SignificanceTests.TwoProportionZ(45, 60, 30, 55)!;
        Assert.Equal(2.30056811165495, result.Statistic, 1e-11);
        Assert.Equal(0.0214160552232667, result.PValue, 1e-12);
        Assert.True(result.IsSignificant());

        // R: prop.test(c(12, 20), c(80, 90), correct = FALSE): p = 0.229210673303984; 12/80 < 20/90 so z < 0
        var notSignificant = SignificanceTests.TwoProportionZ(12, 80, 20, 90)!;
        Assert.Equal(-1.20239461826616, notSignificant.Statistic, 1e-11);
        Assert.Equal(0.229210673303984, notSignificant.PValue, 1e-12);
        Assert.False(notSignificant.IsSignificant());
    }

    [Fact]
    public void Two_proportion_z_test_is_undefined_without_variation_or_data()
    {
        Assert.Null(SignificanceTests.TwoProportionZ(10, 10, 5, 5));
        Assert.Null(SignificanceTests.TwoProportionZ(0, 0, 5, 9));
    }

    [Fact]
    public void Welch_t_test_matches_R()
    {
        // R: x <- c(78.75, 81.25, 62.5, 90, 85, 71.25, 95, 68.75); y <- c(70, 66.25, 80, 58.75, 75, 62.5); t.test(x, y)
        // t = 2.03449883764086, df = 11.9937693174033, p-value = 0.0646264212522423
        double[] x = [78.75, 81.25, 62.5, 90, 85, 71.25, 95, 68.75];
        double[] y = [70, 66.25, 80, 58.75, 75, 62.5];
        var result = SignificanceTests.WelchT(
            MathNet.Numerics.Statistics.Statistics.Mean(x), MathNet.Numerics.Statistics.Statistics.Variance(x), x.Length,
            MathNet.Numerics.Statistics.Statistics.Mean(y), MathNet.Numerics.Statistics.Statistics.Variance(y), y.Length)!;
        Assert.Equal(2.03449883764086, result.Statistic, 1e-11);
        Assert.Equal(11.9937693174033, result.DegreesOfFreedom!.Value, 1e-10);
        Assert.Equal(0.0646264212522423, result.PValue, 1e-10);
        Assert.False(result.IsSignificant());
        Assert.Null(SignificanceTests.WelchT(1, 0, 1, 2, 1, 5));
    }

    [Fact]
    public void Cronbach_alpha_matches_the_definition_computed_in_R()
    {
        // R: m <- matrix(c(4,5,3,4, 3,3,2,4, 5,5,4,5, 2,3,2,2, 4,4,3,5, 3,2,3,3), ncol = 4, byrow = TRUE)
        //    4/3 * (1 - sum(apply(m, 2, var)) / var(rowSums(m)))  →  0.909803921568627
        var alpha = new CronbachAlpha(4);
        int[][] responses = [[4, 5, 3, 4], [3, 3, 2, 4], [5, 5, 4, 5], [2, 3, 2, 2], [4, 4, 3, 5], [3, 2, 3, 3]];
        foreach (var response in responses)
        {
            alpha.Add(response);
        }

        Assert.Equal(0.909803921568627, alpha.Value!.Value, 1e-12);
    }

    [Fact]
    public void Cronbach_alpha_needs_two_responses_that_vary()
    {
        var alpha = new CronbachAlpha(4);
        alpha.Add([3, 3, 3, 3]);
        Assert.Null(alpha.Value);
        alpha.Add([3, 3, 3, 3]);
        Assert.Null(alpha.Value);
    }
}
