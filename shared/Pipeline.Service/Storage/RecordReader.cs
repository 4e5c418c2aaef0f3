using Azure.Data.Tables;
using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Storage;

/// <summary>Reads stored records partition by partition, page by page, several partitions at a time.</summary>
public sealed class RecordReader(RecordTables tables) : IRecordSource
{
    private const int Parallelism = 8;

    /// <summary>One page of records of one kind from one partition of one month (null month: master data).</summary>
    /// <param name="Kind">The kind.</param>
    /// <param name="Month">The month, or null for master data.</param>
    /// <param name="Partition">The partition key; the pages of one partition arrive one after another, never concurrently.</param>
    /// <param name="Records">The records.</param>
    public sealed record Page(RecordKind Kind, Period? Month, string Partition, IReadOnlyList<RecordValues> Records);

    /// <summary>
    /// Reads every record of <paramref name="kinds"/> in <paramref name="months"/> (master data whatever the months),
    /// handing each page to <paramref name="onPage"/> as it arrives; pages of different partitions arrive concurrently, the pages of
    /// one partition in turn.
    /// </summary>
    public Task ReadAsync(
        IEnumerable<RecordKind> kinds, IReadOnlyCollection<Period> months, Func<Page, ValueTask> onPage, CancellationToken cancellationToken = default) =>
        ReadAsync(kinds.Select(kind => (kind, months)), onPage, cancellationToken);

    /// <summary>
    /// Reads every record of each kind in its own months (master data whatever the months), handing each page to
    /// <paramref name="onPage"/> as it arrives; pages of different partitions arrive concurrently, the pages of one partition in turn.
    /// </summary>
    public async Task ReadAsync(
        IEnumerable<(RecordKind Kind, IReadOnlyCollection<Period> Months)> reads, Func<Page, ValueTask> onPage, CancellationToken cancellationToken = default)
    {
        var work = new List<(RecordKind Kind, Period? Month, string Partition)>();
        foreach (var (kind, months) in reads)
        {
            if (kind.Anchor is null)
            {
                work.AddRange(StorageKeys.PartitionsOf(null).Select(p => (kind, (Period?)null, p)));
                continue;
            }

            foreach (var month in months)
            {
                work.AddRange(StorageKeys.PartitionsOf(month).Select(p => (kind, (Period?)month, p)));
            }
        }

        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            (item, token) => new ValueTask(ReadPartitionAsync(item.Kind, item.Month, item.Partition, onPage, token))).ConfigureAwait(false);
    }

    /// <summary>Reads one partition of <paramref name="kind"/>, page by page, handing each page to <paramref name="onPage"/> in turn.</summary>
    public async Task ReadPartitionAsync(
        RecordKind kind, Period? month, string partition, Func<Page, ValueTask> onPage, CancellationToken cancellationToken = default)
    {
        var table = await tables.ForKindAsync(kind, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            var records = page.Values.Select(entity =>
            {
                try
                {
                    return EntityMapping.ToValues(kind, entity);
                }
                catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
                {
                    throw new InvalidDataException($"Partition {kind.Name}/{partition}: the stored {kind.Name} record '{entity.GetString("id") ?? entity.RowKey}' could not be read: {ex.Message}", ex);
                }
            }).ToList();
            await onPage(new Page(kind, month, partition, records)).ConfigureAwait(false);
        }
    }
}
