using Pipeline.Records;
using Pipeline.Statistics;
using static Pipeline.Records.Fields;

namespace Pipeline.Kpis.Families;

/// <summary>How well one department worked with another this month, scored by the reviewing side.</summary>
/// <param name="Id">The review id.</param>
/// <param name="Date">Local business date.</param>
/// <param name="ReviewerDepartment">The department giving the score.</param>
/// <param name="Department">The department reviewed.</param>
/// <param name="EmployeeId">The employee of the reviewed department it is about, if it is about one person.</param>
/// <param name="Score">The score, 1–5.</param>
public sealed record PeerReview(string Id, DateOnly Date, string ReviewerDepartment, string Department, string? EmployeeId, int Score);

/// <summary>
/// Coordination between departments (CONTRACT §3, marketing–service coordination): the mean peer-review score. A
/// review counts toward the company, the reviewed department and the reviewed employee — not a region.
/// </summary>
public sealed class PeerReviewsFamily : KpiFamily<PeerReview, int, PeerReviewsState>
{
    /// <summary>Mean peer-review score (1–5) of reviews in the period, n and 95 % Student t interval (n ≥ 2); null without reviews.</summary>
    public const string CoordinationScore = "coordinationScore";

    /// <summary>The peer reviews record kind.</summary>
    public static RecordKind<PeerReview> Schema { get; } = new(
        "peerReviews",
        [
            Id(), Of("date", FieldType.Date, required: true), Text("reviewerDepartment", required: true), Text("department", required: true),
            Text("employeeId"), new FieldSpec("score", FieldType.Score, Required: true) { Min = 1, Max = 5 }, Text("comment", maxLength: 2000),
        ],
        anchor: "date",
        v => new PeerReview(
            v.Required<string>("id"), v.Required<DateOnly>("date"), v.Required<string>("reviewerDepartment"), v.Required<string>("department"),
            v.Get<string>("employeeId"), v.Required<int>("score")),
        (values, error) =>
        {
            if (values.TryGet<string>("department", out var reviewed) && values.TryGet<string>("reviewerDepartment", out var reviewer) &&
                string.Equals(reviewed, reviewer, StringComparison.Ordinal))
            {
                error("department", "must differ from reviewerDepartment: a department does not review itself");
            }
        });

    /// <inheritdoc />
    public override RecordKind<PeerReview> Kind => Schema;

    /// <inheritdoc />
    public override int Order => 900;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(CoordinationScore, KpiFormat.Decimal2, "部门协作评分", "Coordination score", testable: true),
    ];

    /// <inheritdoc />
    protected override int Prepare(PeerReview record, FoldContext context) => record.Score;

    /// <inheritdoc />
    protected override ScopeRoute? Route(PeerReview record, FoldContext context) => new(record.Department, null, record.EmployeeId);
}

/// <summary>One scope's peer-review scores.</summary>
public sealed class PeerReviewsState : FamilyState<int, PeerReviewsState>
{
    /// <summary>The scores.</summary>
    public ExactMoments Scores { get; set; } = new();

    /// <inheritdoc />
    public override void Add(int fact, FoldContext context) => Scores.Push(fact);

    /// <inheritdoc />
    public override void Merge(PeerReviewsState other) => Scores.Merge(other.Scores);

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (PeerReviewsFamily.CoordinationScore, IntervalMeanValue.StudentT(Scores));
    }

    /// <inheritdoc />
    public override Sample? SampleOf(string kpi) => kpi == PeerReviewsFamily.CoordinationScore ? Moments.Of(Scores) : null;
}
