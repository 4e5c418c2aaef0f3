using Pipeline.Records;
using Pipeline.Statistics;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A customer-satisfaction survey response.</summary>
/// <param name="Id">The survey id.</param>
/// <param name="Date">Local business date.</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Kind"><c>periodic</c> or <c>followUp</c> (after a complaint).</param>
/// <param name="ProductQuality">Score 1–5.</param>
/// <param name="ServiceQuality">Score 1–5.</param>
/// <param name="Price">Score 1–5.</param>
/// <param name="Credit">Score 1–5 (the company's credit).</param>
/// <param name="Overall">Overall satisfaction 1–5.</param>
/// <param name="Recommend">Would recommend, 0–10.</param>
/// <param name="EmployeeId">The employee it is about.</param>
/// <param name="Region">Region; null takes the employee's.</param>
/// <param name="Department">Department; null takes the employee's.</param>
/// <param name="Product">The product.</param>
/// <param name="Comment">The customer's comment.</param>
public sealed record Survey(
    string Id, DateOnly Date, string CustomerId, string Kind, int? ProductQuality, int? ServiceQuality, int? Price, int? Credit,
    int? Overall, int? Recommend, string? EmployeeId, string? Region, string? Department, string? Product, string? Comment)
{
    /// <summary>The scores of the four dimensions, in <see cref="SurveysFamily.Dimensions"/> order.</summary>
    public IReadOnlyList<int?> DimensionScores => [ProductQuality, ServiceQuality, Price, Credit];
}

/// <summary>A response, its per-response index and the region it counts toward (its own, else its employee's).</summary>
/// <param name="Survey">The response.</param>
/// <param name="Ratio">Its per-response index as an exact ratio; null when no weighted dimension was answered.</param>
/// <param name="Region">The region it counts toward.</param>
public sealed record SurveyFact(Survey Survey, IndexRatio? Ratio, string? Region)
{
    /// <summary>The per-response index (0–100); NaN when no weighted dimension was answered.</summary>
    public double Index => Ratio?.Value ?? double.NaN;
}

/// <summary>A per-response satisfaction index as the exact ratio it is: 100·Σwᵈ(sᵈ − 1) over 4·Σwᵈ.</summary>
/// <param name="Numerator">100·Σwᵈ(sᵈ − 1) over the dimensions answered.</param>
/// <param name="Denominator">4·Σwᵈ over the same dimensions (&gt; 0).</param>
public readonly record struct IndexRatio(decimal Numerator, decimal Denominator)
{
    /// <summary>The index (0–100).</summary>
    public double Value => (double)(Numerator / Denominator);
}

/// <summary>A periodic response and its index; ordered lowest index first, then id.</summary>
/// <param name="Id">The survey id.</param>
/// <param name="Index">Its per-response index (0–100).</param>
/// <param name="Comment">The customer's comment, if any.</param>
public sealed record ScoredResponse(string Id, double Index, string? Comment) : IComparable<ScoredResponse>
{
    /// <summary>Lowest index first, then id (ordinal).</summary>
    public int CompareTo(ScoredResponse? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byIndex = Index.CompareTo(other.Index);
        return byIndex != 0 ? byIndex : string.CompareOrdinal(Id, other.Id);
    }
}

/// <summary>
/// Customer satisfaction (CONTRACT §3): the satisfaction index with its Student t interval and each dimension over
/// periodic surveys, CSAT, NPS with its margin, Cronbach's α, and the follow-up index. A response counts toward
/// the company, its department and region (its own, else its employee's) and its employee. Alerts list the
/// lowest-scoring periodic responses.
/// </summary>
public sealed class SurveysFamily : KpiFamily<Survey, SurveyFact, SurveysState, SurveyDetail>
{
    /// <summary>Mean per-response index (0–100) over periodic surveys, n and 95 % Student t interval; null without responses.</summary>
    public const string SatisfactionIndex = "satisfactionIndex";

    /// <summary>Mean score (1–5) of each dimension over periodic surveys, with n.</summary>
    public const string SatisfactionByDimension = "satisfactionByDimension";

    /// <summary>Periodic responses with overall ≥ 4 / periodic responses with overall (0–1), Wilson interval.</summary>
    public const string CsatRate = "csatRate";

    /// <summary>Net Promoter Score in points (−100…100) over periodic responses, with its 95 % margin; null without answers.</summary>
    public const string Nps = "nps";

    /// <summary>Cronbach's α of the four dimensions over periodic responses answering all four; null below two.</summary>
    public const string CronbachAlpha = "cronbachAlpha";

    /// <summary>Mean per-response index (0–100) over follow-up surveys; null without any.</summary>
    public const string FollowUpSatisfactionIndex = "followUpSatisfactionIndex";

    /// <summary>The four dimensions of a survey, in contract order.</summary>
    public static IReadOnlyList<string> Dimensions { get; } = ["productQuality", "serviceQuality", "price", "credit"];

    /// <summary>The surveys record kind.</summary>
    public static RecordKind<Survey> Schema { get; } = new(
        "surveys",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("customerId", required: true),
            Enum("kind", ["periodic", "followUp"], @default: "periodic"),
            .. Dimensions.Select(d => Score(d, 1, 5)),
            Score("overall", 1, 5), Score("recommend", 0, 10),
            Text("employeeId"), Text("region"), Text("department"), Text("product"), Text("comment", maxLength: 2000),
        ],
        anchor: "date",
        v => new Survey(
            v.Required<string>("id"), v.Required<DateOnly>("date"), v.Required<string>("customerId"), v.Required<string>("kind"),
            v.Optional<int>("productQuality"), v.Optional<int>("serviceQuality"), v.Optional<int>("price"), v.Optional<int>("credit"),
            v.Optional<int>("overall"), v.Optional<int>("recommend"), v.Get<string>("employeeId"), v.Get<string>("region"),
            v.Get<string>("department"), v.Get<string>("product"), v.Get<string>("comment")),
        (values, error) =>
        {
            if (!Dimensions.Any(values.ContainsKey))
            {
                error(Dimensions[0], $"a survey needs at least one of {string.Join(", ", Dimensions)}");
            }
        });

    /// <inheritdoc />
    public override RecordKind<Survey> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 600;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(SatisfactionIndex, KpiFormat.Decimal1, "客户满意度指数", "Satisfaction index", testable: true, alert: 80) with
        {
            ActionZh = "满意度低于要求：分析低分意见，制定并落实整改措施，下月跟踪复查。",
            ActionEn = "Satisfaction below the required level: analyse the low-score comments, agree corrective actions and check them next month.",
        },
        Kpi(SatisfactionByDimension, KpiFormat.Dimensions, "分项满意度", "Satisfaction by dimension"),
        Kpi(CsatRate, KpiFormat.PercentOfCounts, "满意率（CSAT）", "CSAT", testable: true),
        Kpi(Nps, KpiFormat.Decimal1, "净推荐值（NPS）", "Net Promoter Score", testable: true),
        Kpi(CronbachAlpha, KpiFormat.Decimal3, "信度（Cronbach α）", "Reliability (Cronbach's α)"),
        Kpi(FollowUpSatisfactionIndex, KpiFormat.Decimal1, "回访满意度指数", "Follow-up satisfaction index", testable: true),
    ];

    /// <summary>
    /// The per-response satisfaction index (0–100): 100 · Σ wᵈ·(sᵈ − 1)/4 ÷ Σ wᵈ over the dimensions answered
    /// (weights <c>Satisfaction:Weights</c>); NaN when no weighted dimension was answered.
    /// </summary>
    public static double Index(Survey survey, IReadOnlyDictionary<string, double> weights) => Ratio(survey, weights)?.Value ?? double.NaN;

    /// <summary>
    /// The per-response index as an exact ratio of decimals (weights taken as the decimals they are written as), so
    /// that means of indices come out exact; null when no weighted dimension was answered.
    /// </summary>
    public static IndexRatio? Ratio(Survey survey, IReadOnlyDictionary<string, double> weights)
    {
        decimal weighted = 0, total = 0;
        var scores = survey.DimensionScores;
        for (var i = 0; i < Dimensions.Count; i++)
        {
            if (scores[i] is { } s && weights.TryGetValue(Dimensions[i], out var w) && w > 0)
            {
                var weight = (decimal)w;
                weighted += weight * (s - 1);
                total += weight;
            }
        }

        return total > 0 ? new IndexRatio(100 * weighted, 4 * total) : null;
    }

    /// <inheritdoc />
    protected override SurveyFact Prepare(Survey record, FoldContext context) =>
        new(record, Ratio(record, context.Settings.SatisfactionWeights), record.Region ?? context.Employee(record.EmployeeId)?.Region);

    /// <inheritdoc />
    protected override ScopeRoute? Route(Survey record, FoldContext context)
    {
        var employee = context.Employee(record.EmployeeId);
        return new ScopeRoute(record.Department ?? employee?.Department, record.Region ?? employee?.Region, record.EmployeeId);
    }
}

/// <summary>One scope's survey responses: exact moments, counts and the lowest responses.</summary>
public sealed class SurveysState : FamilyState<SurveyFact, SurveysState>
{
    /// <summary>Per-response index of periodic responses.</summary>
    public RatioMoments Satisfaction { get; set; } = new();

    /// <summary>Scores of each dimension over periodic responses, in <see cref="SurveysFamily.Dimensions"/> order.</summary>
    public ExactMoments[] Dimensions { get; set; } = [new(), new(), new(), new()];

    /// <summary>Responses with an overall score.</summary>
    public long WithOverall { get; set; }

    /// <summary>Responses with overall ≥ 4.</summary>
    public long Satisfied { get; set; }

    /// <summary>Promoter (+100), passive (0) and detractor (−100) points of responses with recommend.</summary>
    public ExactMoments NpsScores { get; set; } = new();

    /// <summary>Responses with recommend ≥ 9.</summary>
    public long Promoters { get; set; }

    /// <summary>Responses with recommend ≤ 6.</summary>
    public long Detractors { get; set; }

    /// <summary>Responses answering all four dimensions.</summary>
    public CronbachAlpha Alpha { get; set; } = new(4);

    /// <summary>Per-response index of follow-up responses.</summary>
    public RatioMoments FollowUpIndex { get; set; } = new();

    /// <summary>The lowest-scoring periodic responses (at most <c>AlertRecordLimit</c>).</summary>
    public RankedList<ScoredResponse> Lowest { get; set; } = new();

    /// <inheritdoc />
    public override void Add(SurveyFact fact, FoldContext context)
    {
        var survey = fact.Survey;
        if (survey.Kind == "followUp")
        {
            if (fact.Ratio is { } followUp)
            {
                FollowUpIndex.Push(followUp.Numerator, followUp.Denominator);
            }
        }
        else if (fact.Ratio is { } ratio)
        {
            Satisfaction.Push(ratio.Numerator, ratio.Denominator);
            var scores = survey.DimensionScores;
            for (var i = 0; i < scores.Count; i++)
            {
                if (scores[i] is { } score)
                {
                    Dimensions[i].Push(score);
                }
            }

            Lowest.Limit ??= context.Settings.AlertRecordLimit;
            Lowest.Add(new ScoredResponse(survey.Id, fact.Index, survey.Comment));
        }

        // CSAT, NPS and α count periodic responses only: follow-ups after a complaint are a different, biased sample.
        if (survey.Kind == "followUp")
        {
            return;
        }

        if (survey.Overall is { } overall)
        {
            WithOverall++;
            Satisfied += overall >= 4 ? 1 : 0;
        }

        if (survey.Recommend is { } recommend)
        {
            var points = recommend >= 9 ? 100 : recommend <= 6 ? -100 : 0;
            NpsScores.Push(points);
            Promoters += points > 0 ? 1 : 0;
            Detractors += points < 0 ? 1 : 0;
        }

        if (survey is { ProductQuality: { } pq, ServiceQuality: { } sq, Price: { } price, Credit: { } credit })
        {
            Alpha.Add([pq, sq, price, credit]);
        }
    }

    /// <inheritdoc />
    public override void Merge(SurveysState other)
    {
        Satisfaction.Merge(other.Satisfaction);
        for (var i = 0; i < Dimensions.Length; i++)
        {
            Dimensions[i].Merge(other.Dimensions[i]);
        }

        WithOverall += other.WithOverall;
        Satisfied += other.Satisfied;
        NpsScores.Merge(other.NpsScores);
        Promoters += other.Promoters;
        Detractors += other.Detractors;
        Alpha.Merge(other.Alpha);
        FollowUpIndex.Merge(other.FollowUpIndex);
        Lowest.Limit ??= other.Lowest.Limit;
        Lowest.Merge(other.Lowest);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (SurveysFamily.SatisfactionIndex, IntervalMeanValue.StudentT(Satisfaction));
        yield return (SurveysFamily.SatisfactionByDimension, new DimensionsValue(
            MeanValue.Of(Dimensions[0]), MeanValue.Of(Dimensions[1]), MeanValue.Of(Dimensions[2]), MeanValue.Of(Dimensions[3])));
        yield return (SurveysFamily.CsatRate, new CountRateValue(Satisfied, WithOverall));
        yield return (SurveysFamily.Nps, NpsValue());
        yield return (SurveysFamily.CronbachAlpha, new MeanValue(Alpha.Value, Alpha.Count));
        yield return (SurveysFamily.FollowUpSatisfactionIndex, MeanValue.Of(FollowUpIndex));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi switch
    {
        SurveysFamily.SatisfactionIndex => Moments.Of(Satisfaction),
        SurveysFamily.CsatRate => new Proportion(Satisfied, WithOverall),
        SurveysFamily.Nps => Moments.Of(NpsScores),
        SurveysFamily.FollowUpSatisfactionIndex => Moments.Of(FollowUpIndex),
        _ => null,
    };

    /// <inheritdoc />
    public override IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) =>
        kpi == SurveysFamily.SatisfactionIndex ? Lowest.Items.Select(r => r.Id).ToList() : [];

    private IntervalMeanValue NpsValue()
    {
        var n = NpsScores.Count;
        if (n == 0)
        {
            return new IntervalMeanValue(null, 0, null, null);
        }

        var nps = 100.0 * (Promoters - Detractors) / n;
        var margin = Intervals.NpsMargin(Promoters, Detractors, n)!.Value;
        return new IntervalMeanValue(nps, n, nps - margin, nps + margin);
    }
}
