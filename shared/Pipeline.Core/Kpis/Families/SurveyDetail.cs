using System.Text.Json.Serialization;
using Pipeline.Statistics;

namespace Pipeline.Kpis.Families;

/// <summary>
/// Company-wide detail behind the satisfaction survey analysis report (CONTRACT §6), folded with the KPIs:
/// responses, score distributions, the index by region and product, the lowest scorers' comments. Not part of the
/// assessment JSON; merges exactly.
/// </summary>
public sealed class SurveyDetail : FamilyDetail<SurveyFact, SurveyDetail>, IJsonOnSerializing
{
    /// <summary>Survey responses of the period (periodic and follow-up).</summary>
    public long Responses { get; set; }

    /// <summary>Follow-up responses among them.</summary>
    public long FollowUpResponses { get; set; }

    /// <summary>Score distributions: dimension or <c>overall</c> → counts of scores 1–5 (index 0 = score 1); <c>recommend</c> → 0–10.</summary>
    public Dictionary<string, long[]> Distributions { get; set; } = NewDistributions();

    /// <summary>Periodic satisfaction index by region (the survey's own, else its employee's; — for none).</summary>
    public Dictionary<string, RatioMoments> IndexByRegion { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Periodic satisfaction index by product (— for none).</summary>
    public Dictionary<string, RatioMoments> IndexByProduct { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Periodic satisfaction index by the grade of the customer's file (— for no file or no grade).</summary>
    public Dictionary<string, RatioMoments> IndexByGrade { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The lowest-scoring periodic responses that left a comment, lowest first (at most <c>AlertRecordLimit</c>).</summary>
    public RankedList<ScoredResponse> LowestComments { get; set; } = new();

    /// <inheritdoc />
    public override void Add(SurveyFact fact, FoldContext context)
    {
        var survey = fact.Survey;
        Responses++;
        if (survey.Kind == "followUp")
        {
            FollowUpResponses++;
        }

        var scores = survey.DimensionScores;
        for (var i = 0; i < scores.Count; i++)
        {
            Count(SurveysFamily.Dimensions[i], scores[i], 1);
        }

        Count("overall", survey.Overall, 1);
        Count("recommend", survey.Recommend, 0);
        if (survey.Kind == "followUp" || fact.Ratio is not { } ratio)
        {
            return;
        }

        Of(IndexByRegion, fact.Region ?? "—").Push(ratio.Numerator, ratio.Denominator);
        Of(IndexByProduct, survey.Product ?? "—").Push(ratio.Numerator, ratio.Denominator);
        Of(IndexByGrade, context.Customer(survey.CustomerId)?.Grade ?? "—").Push(ratio.Numerator, ratio.Denominator);
        if (!string.IsNullOrEmpty(survey.Comment))
        {
            LowestComments.Limit ??= context.Settings.AlertRecordLimit;
            LowestComments.Add(new ScoredResponse(survey.Id, fact.Index, survey.Comment));
        }
    }

    /// <inheritdoc />
    public override void Merge(SurveyDetail other)
    {
        Responses += other.Responses;
        FollowUpResponses += other.FollowUpResponses;
        foreach (var (key, counts) in other.Distributions)
        {
            var mine = Distributions[key];
            for (var i = 0; i < mine.Length; i++)
            {
                mine[i] += counts[i];
            }
        }

        foreach (var (key, moments) in other.IndexByRegion)
        {
            Of(IndexByRegion, key).Merge(moments);
        }

        foreach (var (key, moments) in other.IndexByProduct)
        {
            Of(IndexByProduct, key).Merge(moments);
        }

        foreach (var (key, moments) in other.IndexByGrade)
        {
            Of(IndexByGrade, key).Merge(moments);
        }

        LowestComments.Limit ??= other.LowestComments.Limit;
        LowestComments.Merge(other.LowestComments);
    }

    /// <inheritdoc />
    void IJsonOnSerializing.OnSerializing()
    {
        IndexByRegion = Canonical.Ordered(IndexByRegion);
        IndexByProduct = Canonical.Ordered(IndexByProduct);
        IndexByGrade = Canonical.Ordered(IndexByGrade);
    }

    private static Dictionary<string, long[]> NewDistributions()
    {
        var distributions = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var dimension in SurveysFamily.Dimensions)
        {
            distributions[dimension] = new long[5];
        }

        distributions["overall"] = new long[5];
        distributions["recommend"] = new long[11];
        return distributions;
    }

    private static RatioMoments Of(Dictionary<string, RatioMoments> breakdown, string key)
    {
        if (!breakdown.TryGetValue(key, out var moments))
        {
            breakdown[key] = moments = new RatioMoments();
        }

        return moments;
    }

    private void Count(string key, int? score, int offset)
    {
        if (score is { } s)
        {
            Distributions[key][s - offset]++;
        }
    }
}
