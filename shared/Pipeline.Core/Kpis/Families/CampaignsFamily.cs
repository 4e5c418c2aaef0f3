using Pipeline.Records;
using Pipeline.Statistics;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>A promotion campaign with planned and actual reach.</summary>
/// <param name="Id">The campaign id.</param>
/// <param name="StartDate">First local date.</param>
/// <param name="EndDate">Last local date.</param>
/// <param name="Department">Department, default <c>marketing</c>.</param>
/// <param name="Cost">Cost, company currency.</param>
/// <param name="PlannedExposure">Planned exposure.</param>
/// <param name="Exposure">Exposure reached.</param>
/// <param name="PlannedParticipants">Planned participants.</param>
/// <param name="Participants">Participants reached.</param>
/// <param name="PlannedConversions">Planned conversions.</param>
/// <param name="Conversions">Conversions reached.</param>
public sealed record Campaign(
    string Id, DateOnly StartDate, DateOnly EndDate, string Department, decimal? Cost, long? PlannedExposure, long? Exposure,
    long? PlannedParticipants, long? Participants, long? PlannedConversions, long? Conversions);

/// <summary>
/// Campaign effectiveness (CONTRACT §3): the mean campaign score of campaigns starting in the period; a campaign
/// counts toward the company and its department only, and a campaign with no score counts toward nothing.
/// </summary>
public sealed class CampaignsFamily : KpiFamily<Campaign, double?, CampaignsState>
{
    /// <summary>Mean campaign score (0–100) over campaigns starting in the period; null without a scored campaign.</summary>
    public const string CampaignEffectiveness = "campaignEffectiveness";

    /// <summary>The campaigns record kind.</summary>
    public static RecordKind<Campaign> Schema { get; } = new(
        "campaigns",
        [
            Id(), Of("startDate", FieldType.Date, required: true), Of("endDate", FieldType.Date, required: true),
            Text("channel"), Text("department", @default: "marketing"), Of("cost", FieldType.NonNegativeMoney),
            Of("plannedExposure", FieldType.Count), Of("exposure", FieldType.Count),
            Of("plannedParticipants", FieldType.Count), Of("participants", FieldType.Count),
            Of("plannedConversions", FieldType.Count), Of("conversions", FieldType.Count),
        ],
        anchor: "startDate",
        v => new Campaign(
            v.Required<string>("id"), v.Required<DateOnly>("startDate"), v.Required<DateOnly>("endDate"), v.Required<string>("department"),
            v.Optional<decimal>("cost"), v.Optional<long>("plannedExposure"), v.Optional<long>("exposure"), v.Optional<long>("plannedParticipants"),
            v.Optional<long>("participants"), v.Optional<long>("plannedConversions"), v.Optional<long>("conversions")),
        (values, error) =>
        {
            if (values.TryGet<DateOnly>("startDate", out var start) && values.TryGet<DateOnly>("endDate", out var end) && end < start)
            {
                error("endDate", "must not be before startDate");
            }
        });

    /// <inheritdoc />
    public override RecordKind<Campaign> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 800;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(CampaignEffectiveness, KpiFormat.Decimal1, "推广活动效果", "Campaign effectiveness", testable: true),
    ];

    /// <summary>
    /// The campaign score (0–100): 100 · (0.4·min(1, exposure/planned) + 0.3·min(1, participants/planned) +
    /// 0.3·min(1, conversions/planned)); a part whose planned value is missing or 0 drops out and the rest are
    /// renormalised; a missing actual counts as 0. Null when no part is left.
    /// </summary>
    public static double? Score(Campaign campaign)
    {
        double weighted = 0, total = 0;
        void Part(double weight, long? planned, long? actual)
        {
            if (planned is > 0)
            {
                weighted += weight * Math.Min(1, (actual ?? 0) / (double)planned.Value);
                total += weight;
            }
        }

        Part(0.4, campaign.PlannedExposure, campaign.Exposure);
        Part(0.3, campaign.PlannedParticipants, campaign.Participants);
        Part(0.3, campaign.PlannedConversions, campaign.Conversions);
        return total > 0 ? 100 * weighted / total : null;
    }

    /// <inheritdoc />
    protected override double? Prepare(Campaign record, FoldContext context) => Score(record);

    /// <inheritdoc />
    protected override ScopeRoute? Route(Campaign record, FoldContext context) =>
        Score(record) is null ? null : new ScopeRoute(record.Department, null, null);
}

/// <summary>One scope's campaign scores.</summary>
public sealed class CampaignsState : FamilyState<double?, CampaignsState>
{
    /// <summary>The scores of scored campaigns.</summary>
    public ExactMoments Scores { get; set; } = new();

    /// <inheritdoc />
    public override void Add(double? fact, FoldContext context)
    {
        if (fact is { } score)
        {
            Scores.Push(score);
        }
    }

    /// <inheritdoc />
    public override void Merge(CampaignsState other) => Scores.Merge(other.Scores);

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (CampaignsFamily.CampaignEffectiveness, MeanValue.Of(Scores));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi == CampaignsFamily.CampaignEffectiveness ? Moments.Of(Scores) : null;
}
