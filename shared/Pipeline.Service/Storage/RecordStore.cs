using Azure;
using Azure.Data.Tables;
using Pipeline.Records;

namespace Pipeline.Storage;

/// <summary>
/// Stores validated records: upsert by id in entity group transactions (≤ 100 entities, one partition),
/// ignoring updates older than what is stored (<c>updatedAt</c>), and moving a record whose period
/// changed out of its old partition.
/// </summary>
/// <remarks>
/// Records whose period can change keep an index entry (id → partition, updatedAt) in the
/// <c>recordIndex</c> table. The order of writes makes a retry after any failure converge: new rows
/// first, then old rows of moved records deleted, then the index updated. Until the index is written a
/// retry still sees the old partition and deletes it again; once it is written the old row is gone.
/// Master data (no period) and targets (period is part of their identity) never move and need no index.
/// <para><paramref name="rangeScanSlack"/>: how many index entries beyond four per id a range read may scan
/// before it falls back to reading ids one by one (see <c>ReadIndexAsync</c>).</para>
/// </remarks>
public sealed partial class RecordStore(RecordTables tables, int rangeScanSlack = 1000)
{
    /// <summary>Largest entity group transaction Table Storage accepts.</summary>
    public const int MaxBatch = 100;

    private const int Parallelism = 8;

    /// <summary>What happened to a set of valid records.</summary>
    /// <param name="Stored">Records written.</param>
    /// <param name="Stale">Indexes (in the body) of records ignored because a newer version is stored or sent.</param>
    public sealed record Outcome(int Stored, IReadOnlyList<int> Stale);

    /// <summary>Upserts <paramref name="records"/> of <paramref name="kind"/>, in body order (a later record with the same id wins).</summary>
    public async Task<Outcome> UpsertAsync(RecordKind kind, IReadOnlyList<ValidRecord> records, CancellationToken cancellationToken = default)
    {
        var stale = new List<int>();
        var latest = new Dictionary<string, ValidRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (latest.TryGetValue(record.Id, out var earlier) && IsOlder(record, earlier))
            {
                stale.Add(record.Index);
                continue;
            }

            latest[record.Id] = record;
        }

        var table = await tables.ForKindAsync(kind, cancellationToken).ConfigureAwait(false);
        if (!NeedsIndex(kind))
        {
            await WriteAsync(table, latest.Values.Select(r => EntityMapping.ToEntity(kind, r)), TableTransactionActionType.UpsertReplace, cancellationToken).ConfigureAwait(false);
            return new Outcome(latest.Count, stale);
        }

        var index = await tables.IndexAsync(cancellationToken).ConfigureAwait(false);
        var stored = await ReadIndexAsync(index, kind, latest.Keys, cancellationToken).ConfigureAwait(false);

        var toWrite = new List<ValidRecord>(latest.Count);
        foreach (var record in latest.Values)
        {
            if (stored.TryGetValue(record.Id, out var entry) && record.UpdatedAt is { } sent && entry.UpdatedAt is { } kept && sent < kept)
            {
                stale.Add(record.Index);
            }
            else
            {
                toWrite.Add(record);
            }
        }

        // Records with an updatedAt are written only over an older row, checked by the row's ETag, so that two senders
        // updating the same ids at once cannot leave the older version (see RecordStore.Newest.cs).
        await WriteAsync(table, toWrite.Where(r => r.UpdatedAt is null).Select(r => EntityMapping.ToEntity(kind, r)),
            TableTransactionActionType.UpsertReplace, cancellationToken).ConfigureAwait(false);
        var (newest, staleRows) = await WriteNewestAsync(table, kind, [.. toWrite.Where(r => r.UpdatedAt is not null)], cancellationToken).ConfigureAwait(false);
        stale.AddRange(staleRows);
        toWrite = [.. toWrite.Where(r => r.UpdatedAt is null), .. newest];

        // Table Storage answers a delete of a missing row with 404, which the client treats as done:
        // a retry may find the old row already gone. A row a concurrent sender wrote there since, newer than ours, stays.
        var moved = toWrite
            .Where(r => stored.TryGetValue(r.Id, out var entry) && entry.Partition != StorageKeys.PartitionOf(r.Period, r.Id))
            .Select(r => (stored[r.Id].Partition, RowKey: StorageKeys.EscapeKey(r.Id), r.UpdatedAt))
            .ToList();
        await Parallel.ForEachAsync(moved, Options(cancellationToken), async (old, token) =>
            await DeleteUnlessNewerAsync(table, old.Partition, old.RowKey, old.UpdatedAt, token).ConfigureAwait(false)).ConfigureAwait(false);

        // An index entry that would not change (same partition, same updatedAt) is not rewritten, unless the record has
        // an updatedAt: then the conditional rewrite proves no concurrent sender moved it meanwhile (else this row would be
        // left behind). Entries are written conditionally on what was read (RecordStore.Newest.cs).
        var superseded = await WriteIndexAsync(table, index, kind, toWrite.Where(r => r.UpdatedAt is not null || !stored.TryGetValue(r.Id, out var entry) ||
                                                                                  entry.Partition != StorageKeys.PartitionOf(r.Period, r.Id) ||
                                                                                  entry.UpdatedAt != r.UpdatedAt).ToList(),
            stored, cancellationToken).ConfigureAwait(false);
        stale.AddRange(superseded);

        stale.Sort();
        return new Outcome(toWrite.Count - superseded.Count, stale);
    }

    /// <summary>Whether records of <paramref name="kind"/> can change period and so need the id index.</summary>
    public static bool NeedsIndex(RecordKind kind) => kind.Anchor is not null && !kind.DerivedId;

    /// <summary>Writes entities in transactions of at most 100, each within one partition, several partitions at a time.</summary>
    public static async Task WriteAsync(TableClient table, IEnumerable<TableEntity> entities, TableTransactionActionType action, CancellationToken cancellationToken = default)
    {
        var batches = entities
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatch))
            .ToList();
        await Parallel.ForEachAsync(batches, Options(cancellationToken), async (batch, token) =>
        {
            if (batch.Length == 1)
            {
                await table.UpsertEntityAsync(batch[0], TableUpdateMode.Replace, token).ConfigureAwait(false);
                return;
            }

            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(action, e)), token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    // Reading the index entry of every id one request at a time would cost as much as storing the
    // records. Within one index partition the ids of a post are read with a range query over
    // [smallest, largest] instead: one request per 1,000 entries. A range that turns out to hold far
    // more entries than were asked for (ids of other posts interleaved) is abandoned part-way, and the
    // ids it did not reach are read one by one, so the cost stays within a few times the post's size.
    private const int RangeQueryMinimum = 8;
    private const int RangeScanBudgetPerId = 4;

    private async Task<Dictionary<string, IndexEntry>> ReadIndexAsync(
        TableClient index, RecordKind kind, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var entities = await ReadAsync(index, ids.Select(id => (StorageKeys.IndexPartitionOf(kind.Name, id), id)), ["Partition", "UpdatedAt"], cancellationToken)
            .ConfigureAwait(false);
        return entities.ToDictionary(pair => pair.Key, pair => ToIndexEntry(pair.Value), StringComparer.Ordinal);
    }

    /// <summary>Reads the entities of the given (partition, id) pairs that exist, with <paramref name="select"/> and their ETags, by id.</summary>
    private async Task<Dictionary<string, TableEntity>> ReadAsync(
        TableClient table, IEnumerable<(string Partition, string Id)> keys, string[] select, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, TableEntity>(StringComparer.Ordinal);
        var partitions = keys
            .GroupBy(key => key.Partition, StringComparer.Ordinal)
            .Select(group => (Partition: group.Key, Keys: group.DistinctBy(k => k.Id, StringComparer.Ordinal)
                .ToDictionary(k => StorageKeys.EscapeKey(k.Id), k => k.Id, StringComparer.Ordinal)))
            .ToList();

        await Parallel.ForEachAsync(partitions, Options(cancellationToken), async (partition, token) =>
        {
            var pending = partition.Keys;
            if (pending.Count >= RangeQueryMinimum)
            {
                pending = await ScanRangeAsync(table, partition.Partition, partition.Keys, select, found, token).ConfigureAwait(false);
            }

            await Parallel.ForEachAsync(pending, Options(token, 4), async (key, innerToken) =>
            {
                var response = await table.GetEntityIfExistsAsync<TableEntity>(partition.Partition, key.Key, select, innerToken).ConfigureAwait(false);
                if (response.HasValue && response.Value is { } entity)
                {
                    found[key.Value] = entity;
                }
            }).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return new Dictionary<string, TableEntity>(found, StringComparer.Ordinal);
    }

    // Returns the keys the scan did not reach (empty when it covered the whole range).
    private async Task<Dictionary<string, string>> ScanRangeAsync(
        TableClient table,
        string partition,
        Dictionary<string, string> keys,
        string[] select,
        System.Collections.Concurrent.ConcurrentDictionary<string, TableEntity> found,
        CancellationToken cancellationToken)
    {
        var ordered = keys.Keys.Order(StringComparer.Ordinal).ToList();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {ordered[0]} and RowKey le {ordered[^1]}");
        var budget = (RangeScanBudgetPerId * keys.Count) + rangeScanSlack;
        var scanned = 0;
        string? last = null;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", .. select], cancellationToken)
                           .ConfigureAwait(false))
        {
            if (keys.TryGetValue(entity.RowKey, out var id))
            {
                found[id] = entity;
            }

            last = entity.RowKey;
            if (++scanned >= budget)
            {
                return ordered.Where(key => string.CompareOrdinal(key, last) > 0).ToDictionary(key => key, key => keys[key], StringComparer.Ordinal);
            }
        }

        return [];
    }

    private static IndexEntry ToIndexEntry(TableEntity entity) => new(entity.GetString("Partition"), entity.GetDateTimeOffset("UpdatedAt"), entity.ETag);

    private static bool IsOlder(ValidRecord record, ValidRecord than) =>
        record.UpdatedAt is { } sent && than.UpdatedAt is { } kept && sent < kept;

    private static ParallelOptions Options(CancellationToken cancellationToken, int parallelism = Parallelism) =>
        new() { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

    private sealed record IndexEntry(string Partition, DateTimeOffset? UpdatedAt, ETag ETag);
}
