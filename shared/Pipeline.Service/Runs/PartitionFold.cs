using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Records;
using Pipeline.Storage;

namespace Pipeline.Runs;

/// <summary>
/// Folds one partition of a run's plan: reads it from the record source, folds each record into the part of the period
/// assessed and of the previous one, and fingerprints every record read. The same code for every fold executor, so
/// every way of folding gives the same parts.
/// </summary>
public sealed class PartitionFold(IRecordSource source)
{
    /// <summary>
    /// Reads <paramref name="work"/> and folds it. A provisional run is assessed to date: its records anchored at or after
    /// the cut-off (the run's instant) are left out of the period's part, but counted in the fingerprint (they were read).
    /// </summary>
    public async Task<FoldedPart> FoldAsync(
        AssessmentPlan plan, PartitionWork work, FoldContexts contexts, AssessmentProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(contexts);
        var kind = KpiCatalog.FindKind(work.Kind) ?? throw new ArgumentException($"no record kind '{work.Kind}'", nameof(work));
        var (current, previous) = (new AssessmentEngine(contexts.Current), new AssessmentEngine(contexts.Previous));
        var fingerprint = new RecordFingerprint(kind, work.Partition);
        await source.ReadPartitionAsync(kind, work.Month, work.Partition, FoldPage, cancellationToken).ConfigureAwait(false);
        return new FoldedPart(work, current, previous, fingerprint.Complete());

        ValueTask FoldPage(RecordReader.Page page)
        {
            progress?.Read(page.Kind.Name, page.Records.Count);
            foreach (var values in page.Records)
            {
                fingerprint.Add(values);
                var intoCurrent = work.Current && (!plan.Provisional || AnchoredBefore(kind, values, contexts.Current));
                if (!intoCurrent && !work.Previous)
                {
                    continue;
                }

                object record;
                try
                {
                    record = kind.ReadRecord(values);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The operator's first question: which partition, which record (a storage error is not caught here).
                    throw new InvalidDataException(
                        $"Partition {work.Key}: the stored {kind.Name} record '{(values.TryGetValue("id", out var id) ? id : "?")}' could not be read: {ex.Message}", ex);
                }

                if (intoCurrent)
                {
                    current.Add(record);
                }

                if (work.Previous)
                {
                    previous.Add(record);
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    // Whether a record of a provisional period is anchored before the cut-off: an instant before it, or a local date before
    // the cut-off's date (today's records count). Records are in their period's month by their anchor, so only those
    // anchored later in the running period are left out.
    private static bool AnchoredBefore(RecordKind kind, RecordValues values, FoldContext context) =>
        kind.Anchor is not { } anchor || !values.TryGetValue(anchor, out var value) || value switch
        {
            DateTimeOffset instant => instant < context.CutOff,
            DateOnly date => date < context.CutOffDate,
            _ => true,
        };
}
