using System.Text.Json.Serialization;

namespace Pipeline.Kpis.Families;

/// <summary>
/// Company-wide detail behind the complaint analysis report (CONTRACT §6), folded with the KPIs: complaints by
/// category, product, region and severity, response and resolution times, the complaints a manager must act on,
/// repeat complainants. Not part of the assessment JSON; merges exactly.
/// </summary>
public sealed class ComplaintDetail : FamilyDetail<ComplaintFact, ComplaintDetail>, IJsonOnSerializing
{
    /// <summary>Upper bounds (hours, inclusive) of the time buckets of response and resolution times; a last bucket holds the rest.</summary>
    public static IReadOnlyList<double> HourBuckets { get; } = [1, 4, 8, 24, 48, 72];

    /// <summary>The groupings of <see cref="By"/>.</summary>
    public static IReadOnlyList<string> Groupings { get; } = ["category", "product", "region", "severity", "customerGrade"];

    /// <summary>Grouping (<c>category</c>, <c>product</c>, <c>region</c>, <c>severity</c>, <c>customerGrade</c> from the file) → group (— for none) → counts.</summary>
    public Dictionary<string, Dictionary<string, ComplaintCounts>> By { get; set; } =
        Groupings.ToDictionary(g => g, _ => new Dictionary<string, ComplaintCounts>(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>First-response times by <see cref="HourBuckets"/>, then one for later, then one for no response.</summary>
    public long[] ResponseHours { get; set; } = new long[HourBuckets.Count + 2];

    /// <summary>Resolution times of resolved complaints by <see cref="HourBuckets"/>, then one for later.</summary>
    public long[] ResolutionHours { get; set; } = new long[HourBuckets.Count + 1];

    /// <summary>Complaints not resolved before the cut-off, oldest first.</summary>
    public RankedList<ComplaintLine> Unresolved { get; set; } = new();

    /// <summary>Complaints not answered within the SLA, oldest first.</summary>
    public RankedList<ComplaintLine> Late { get; set; } = new();

    /// <summary>Customer → ids of their complaints in the period.</summary>
    public Dictionary<string, List<string>> ByCustomer { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Customers with two or more complaints in the period, most first, then by customer id; ids in order.</summary>
    public IEnumerable<(string Customer, IReadOnlyList<string> Complaints)> RepeatComplainants() =>
        ByCustomer.Where(c => c.Value.Count >= 2)
            .OrderByDescending(c => c.Value.Count).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => (c.Key, (IReadOnlyList<string>)c.Value.Order(StringComparer.Ordinal).ToList()));

    /// <inheritdoc />
    public override void Add(ComplaintFact fact, FoldContext context)
    {
        var complaint = fact.Complaint;
        void Count(string by, string? key)
        {
            var counts = By[by];
            key ??= "—";
            if (!counts.TryGetValue(key, out var c))
            {
                counts[key] = c = new ComplaintCounts();
            }

            c.Received++;
            c.Resolved += fact.Resolved ? 1 : 0;
            c.Timely += fact.Timely ? 1 : 0;
        }

        Count("category", complaint.Category);
        Count("product", complaint.Product);
        Count("region", complaint.Region);
        Count("severity", complaint.Severity);
        Count("customerGrade", context.Customer(complaint.CustomerId)?.Grade);

        ResponseHours[complaint.FirstResponseAt is { } response ? Bucket((response - complaint.ReceivedAt).TotalHours) : ResponseHours.Length - 1]++;
        if (fact.Resolved)
        {
            ResolutionHours[Bucket(fact.Hours!.Value)]++;
        }

        var zone = context.Zone;
        var line = new ComplaintLine(complaint.Id, zone.ToLocal(complaint.ReceivedAt), complaint.Category, complaint.Product, complaint.Region,
            complaint.Severity, complaint.HandlerId, complaint.CustomerId,
            complaint.FirstResponseAt is { } first ? zone.ToLocal(first) : null, complaint.ResolvedAt is { } done ? zone.ToLocal(done) : null);
        if (!fact.Resolved)
        {
            Unresolved.Add(line);
        }

        if (!fact.Timely)
        {
            Late.Add(line);
        }

        if (!ByCustomer.TryGetValue(complaint.CustomerId, out var ids))
        {
            ByCustomer[complaint.CustomerId] = ids = [];
        }

        ids.Add(complaint.Id);
    }

    /// <inheritdoc />
    public override void Merge(ComplaintDetail other)
    {
        foreach (var (by, groups) in other.By)
        {
            var counts = By[by];
            foreach (var (key, c) in groups)
            {
                if (!counts.TryGetValue(key, out var mine))
                {
                    counts[key] = mine = new ComplaintCounts();
                }

                mine.Received += c.Received;
                mine.Resolved += c.Resolved;
                mine.Timely += c.Timely;
            }
        }

        for (var i = 0; i < ResponseHours.Length; i++)
        {
            ResponseHours[i] += other.ResponseHours[i];
        }

        for (var i = 0; i < ResolutionHours.Length; i++)
        {
            ResolutionHours[i] += other.ResolutionHours[i];
        }

        Unresolved.Merge(other.Unresolved);
        Late.Merge(other.Late);
        foreach (var (customer, ids) in other.ByCustomer)
        {
            if (!ByCustomer.TryGetValue(customer, out var mine))
            {
                ByCustomer[customer] = mine = [];
            }

            mine.AddRange(ids);
        }
    }

    /// <inheritdoc />
    void IJsonOnSerializing.OnSerializing()
    {
        // The plain data form in a stated order, so equal details write equal JSON however they were folded.
        By = By.ToDictionary(g => g.Key, g => Canonical.Ordered(g.Value), StringComparer.Ordinal);
        ByCustomer = Canonical.Ordered(ByCustomer);
        foreach (var ids in ByCustomer.Values)
        {
            ids.Sort(StringComparer.Ordinal);
        }
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
}

/// <summary>Complaint counts of one group.</summary>
public sealed class ComplaintCounts
{
    /// <summary>Complaints received.</summary>
    public long Received { get; set; }

    /// <summary>Resolved before the cut-off.</summary>
    public long Resolved { get; set; }

    /// <summary>Answered within the SLA.</summary>
    public long Timely { get; set; }
}

/// <summary>A complaint as listed in a report; times are local to the company time zone. Ordered by receipt, then id.</summary>
/// <param name="Id">The complaint id.</param>
/// <param name="ReceivedAt">Local receipt time.</param>
/// <param name="Category">Category.</param>
/// <param name="Product">Product.</param>
/// <param name="Region">Region.</param>
/// <param name="Severity">Severity.</param>
/// <param name="HandlerId">Handler.</param>
/// <param name="CustomerId">Customer.</param>
/// <param name="FirstResponseAt">Local time of the first response.</param>
/// <param name="ResolvedAt">Local time of resolution.</param>
public sealed record ComplaintLine(
    string Id, DateTime ReceivedAt, string Category, string? Product, string? Region, string Severity, string? HandlerId,
    string CustomerId, DateTime? FirstResponseAt, DateTime? ResolvedAt) : IComparable<ComplaintLine>
{
    /// <summary>By local receipt time, then id (ordinal).</summary>
    public int CompareTo(ComplaintLine? other)
    {
        if (other is null)
        {
            return -1;
        }

        var byTime = ReceivedAt.CompareTo(other.ReceivedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(Id, other.Id);
    }
}
