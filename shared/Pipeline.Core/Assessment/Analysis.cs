using Pipeline.Time;

namespace Pipeline.Assessment;

/// <summary>
/// Company-wide detail behind the satisfaction and complaint analysis reports, folded in the same pass
/// as the KPIs: distributions, breakdowns, and the complaints a manager must act on. Not part of the
/// assessment JSON (CONTRACT §4); the reports render it.
/// </summary>
public sealed class Analysis(CompanyTimeZone zone, int recordLimit)
{
    /// <summary>Upper bounds (hours, inclusive) of the time buckets of response and resolution times; a last bucket holds the rest.</summary>
    public static IReadOnlyList<double> HourBuckets { get; } = [1, 4, 8, 24, 48, 72];

    /// <summary>Survey responses of the period (periodic and follow-up).</summary>
    public long SurveyResponses { get; private set; }

    /// <summary>Follow-up responses among them.</summary>
    public long FollowUpResponses { get; private set; }

    /// <summary>Score distributions: dimension or <c>overall</c> → counts of scores 1–5 (index 0 = score 1); <c>recommend</c> → 0–10.</summary>
    public Dictionary<string, long[]> Distributions { get; } = new(StringComparer.Ordinal)
    {
        ["productQuality"] = new long[5], ["serviceQuality"] = new long[5], ["price"] = new long[5], ["credit"] = new long[5],
        ["overall"] = new long[5], ["recommend"] = new long[11],
    };

    /// <summary>Periodic satisfaction index by region (the survey's own, else its employee's).</summary>
    public Dictionary<string, Breakdown> IndexByRegion { get; } = new(StringComparer.Ordinal);

    /// <summary>Periodic satisfaction index by product.</summary>
    public Dictionary<string, Breakdown> IndexByProduct { get; } = new(StringComparer.Ordinal);

    /// <summary>The lowest-scoring periodic responses that left a comment, lowest first.</summary>
    public List<ScoredResponse> LowestComments { get; } = [];

    /// <summary>Complaints by category, product, region and severity: received, resolved before the cut-off, answered in time.</summary>
    public Dictionary<string, Dictionary<string, ComplaintCounts>> ComplaintsBy { get; } = new(StringComparer.Ordinal)
    {
        ["category"] = new(StringComparer.Ordinal), ["product"] = new(StringComparer.Ordinal),
        ["region"] = new(StringComparer.Ordinal), ["severity"] = new(StringComparer.Ordinal),
    };

    /// <summary>First-response times of complaints by <see cref="HourBuckets"/>, then one for later, then one for no response.</summary>
    public long[] ResponseHours { get; } = new long[HourBuckets.Count + 2];

    /// <summary>Resolution times of resolved complaints by <see cref="HourBuckets"/>, then one for later.</summary>
    public long[] ResolutionHours { get; } = new long[HourBuckets.Count + 1];

    /// <summary>Complaints not resolved before the cut-off.</summary>
    public List<ComplaintLine> Unresolved { get; } = [];

    /// <summary>Complaints not answered within the SLA.</summary>
    public List<ComplaintLine> Late { get; } = [];

    /// <summary>Customer → ids of their complaints in the period.</summary>
    public Dictionary<string, List<string>> ComplaintsByCustomer { get; } = new(StringComparer.Ordinal);

    /// <summary>Customers with two or more complaints in the period, most first.</summary>
    public IEnumerable<(string Customer, IReadOnlyList<string> Complaints)> RepeatComplainants =>
        ComplaintsByCustomer.Where(c => c.Value.Count >= 2)
            .OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => (c.Key, (IReadOnlyList<string>)c.Value));

    internal void AddSurvey(Survey survey, double index, string? region)
    {
        SurveyResponses++;
        if (survey.Kind == "followUp")
        {
            FollowUpResponses++;
        }

        void Count(string key, int? score, int offset)
        {
            if (score is { } s)
            {
                Distributions[key][s - offset]++;
            }
        }

        Count("productQuality", survey.ProductQuality, 1);
        Count("serviceQuality", survey.ServiceQuality, 1);
        Count("price", survey.Price, 1);
        Count("credit", survey.Credit, 1);
        Count("overall", survey.Overall, 1);
        Count("recommend", survey.Recommend, 0);
        if (survey.Kind == "followUp")
        {
            return;
        }

        Add(IndexByRegion, region ?? "—", index);
        Add(IndexByProduct, survey.Product ?? "—", index);
        if (!string.IsNullOrEmpty(survey.Comment))
        {
            var at = LowestComments.FindIndex(r => index < r.Index);
            if (at < 0 && LowestComments.Count < recordLimit)
            {
                LowestComments.Add(new ScoredResponse(survey.Id, index, survey.Comment));
            }
            else if (at >= 0)
            {
                LowestComments.Insert(at, new ScoredResponse(survey.Id, index, survey.Comment));
                if (LowestComments.Count > recordLimit)
                {
                    LowestComments.RemoveAt(LowestComments.Count - 1);
                }
            }
        }
    }

    internal void AddComplaint(Complaint complaint, bool resolved, bool timely)
    {
        void Count(string by, string? key)
        {
            var counts = ComplaintsBy[by];
            key ??= "—";
            if (!counts.TryGetValue(key, out var c))
            {
                counts[key] = c = new ComplaintCounts();
            }

            c.Received++;
            c.Resolved += resolved ? 1 : 0;
            c.Timely += timely ? 1 : 0;
        }

        Count("category", complaint.Category);
        Count("product", complaint.Product);
        Count("region", complaint.Region);
        Count("severity", complaint.Severity);

        ResponseHours[complaint.FirstResponseAt is { } response ? Bucket((response - complaint.ReceivedAt).TotalHours) : ResponseHours.Length - 1]++;
        if (resolved)
        {
            ResolutionHours[Bucket((complaint.ResolvedAt!.Value - complaint.ReceivedAt).TotalHours)]++;
        }

        var line = new ComplaintLine(complaint.Id, zone.ToLocal(complaint.ReceivedAt), complaint.Category, complaint.Product, complaint.Region,
            complaint.Severity, complaint.HandlerId, complaint.CustomerId,
            complaint.FirstResponseAt is { } first ? zone.ToLocal(first) : null, complaint.ResolvedAt is { } done ? zone.ToLocal(done) : null);
        if (!resolved)
        {
            Unresolved.Add(line);
        }

        if (!timely)
        {
            Late.Add(line);
        }

        if (!ComplaintsByCustomer.TryGetValue(complaint.CustomerId, out var ids))
        {
            ComplaintsByCustomer[complaint.CustomerId] = ids = [];
        }

        ids.Add(complaint.Id);
    }

    private static int Bucket(double hours)
    {
        for (var i = 0; i < HourBuckets.Count; i++)
        {
            if (hours <= HourBuckets[i])
            {
                return i;
            }
        }

        return HourBuckets.Count;
    }

    private static void Add(Dictionary<string, Breakdown> breakdown, string key, double index)
    {
        if (!breakdown.TryGetValue(key, out var b))
        {
            breakdown[key] = b = new Breakdown();
        }

        b.Add(index);
    }
}

/// <summary>A mean of the satisfaction index over some responses.</summary>
public sealed class Breakdown
{
    private double _sum;

    /// <summary>Responses.</summary>
    public long N { get; private set; }

    /// <summary>Mean index (0–100); null without responses.</summary>
    public double? Mean => N == 0 ? null : _sum / N;

    internal void Add(double value)
    {
        _sum += value;
        N++;
    }
}

/// <summary>Complaint counts of one group.</summary>
public sealed class ComplaintCounts
{
    /// <summary>Complaints received.</summary>
    public long Received { get; internal set; }

    /// <summary>Resolved before the cut-off.</summary>
    public long Resolved { get; internal set; }

    /// <summary>Answered within the SLA.</summary>
    public long Timely { get; internal set; }
}

/// <summary>A complaint as listed in a report; times are local to the company time zone.</summary>
public sealed record ComplaintLine(
    string Id, DateTime ReceivedAt, string Category, string? Product, string? Region, string Severity, string? HandlerId,
    string CustomerId, DateTime? FirstResponseAt, DateTime? ResolvedAt);
