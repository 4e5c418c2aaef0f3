using Pipeline.Kpis;
using Pipeline.Records;
using Pipeline.Storage;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// What one assessment reads, as independent units of work: every (kind, month, bucket) partition that the period and
/// the previous one (for the change tests) need, and which of the two each feeds. Plain data, so a partition can be
/// folded anywhere — in parallel in this process today, as an activity of an orchestration on another instance (#19) —
/// and the parts merged in <see cref="Partitions"/> order give the same result, since the fold is exact.
/// </summary>
/// <param name="Period">The period assessed.</param>
/// <param name="AsOf">The instant the run computes as of: the cut-off of a provisional run.</param>
/// <param name="Provisional">Whether the period is still running (assessed to date).</param>
/// <param name="Partitions">The partitions, by kind then partition key (ordinal): the order parts are merged in.</param>
public sealed record AssessmentPlan(Period Period, DateTimeOffset AsOf, bool Provisional, IReadOnlyList<PartitionWork> Partitions)
{
    /// <summary>
    /// The plan of <paramref name="period"/>: targets of both periods' months; each activity kind over the dates its families
    /// need for each period (the period itself; receivables a year before the cut-off), a month feeding each period whose
    /// dates it overlaps. Depends on the period, the settings and the time zone only, never on the data.
    /// </summary>
    public static AssessmentPlan For(Period period, DateTimeOffset asOf, bool provisional, AssessmentSettings settings, CompanyTimeZone zone)
    {
        var current = new FoldContext(period, settings, zone, [], null, provisional ? asOf : null);
        var previous = new FoldContext(period.Previous, settings, zone, []);
        var work = new List<PartitionWork>();
        foreach (var month in period.Months().Concat(period.Previous.Months()))
        {
            work.AddRange(StorageKeys.PartitionsOf(month).Select(p => new PartitionWork(RecordKinds.Targets.Name, month, p, true, true)));
        }

        foreach (var kind in KpiCatalog.ActivityKinds)
        {
            var (now, before) = (KpiCatalog.Reads(kind, current), KpiCatalog.Reads(kind, previous));
            foreach (var month in now.Months().Union(before.Months()).Order())
            {
                work.AddRange(StorageKeys.PartitionsOf(month)
                    .Select(p => new PartitionWork(kind.Name, month, p, now.Overlaps(month), before.Overlaps(month))));
            }
        }

        return new AssessmentPlan(period, asOf, provisional,
            work.OrderBy(w => w.Key, StringComparer.Ordinal).ToList());
    }
}

/// <summary>One partition of records an assessment reads.</summary>
/// <param name="Kind">The record kind.</param>
/// <param name="Month">The month whose records the partition holds.</param>
/// <param name="Partition">The partition key.</param>
/// <param name="Current">Whether its records feed the period assessed.</param>
/// <param name="Previous">Whether they feed the previous period (the change tests).</param>
public sealed record PartitionWork(string Kind, Period Month, string Partition, bool Current, bool Previous)
{
    /// <summary>Kind and partition key: unique within a plan, and the order parts are merged in.</summary>
    public string Key => $"{Kind}/{Partition}";
}
