using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Pipeline.Records;

namespace Pipeline.Storage;

/// <summary>Writes of records that carry an <c>updatedAt</c>: the newest version wins, whoever writes at the same time.</summary>
public sealed partial class RecordStore
{
    private const int MaxConflictRetries = 20;

    // Each row is read (with its ETag) before it is written; the write is conditional on that ETag (or an insert where no
    // row was), so a row another sender changed in between makes the transaction fail instead of being overwritten. The
    // records of a failed transaction are then settled one by one: read again, compare updatedAt, write conditionally.
    private async Task<(IReadOnlyList<ValidRecord> Written, IReadOnlyList<int> Stale)> WriteNewestAsync(
        TableClient table, RecordKind kind, IReadOnlyList<ValidRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return ([], []);
        }

        var current = await ReadAsync(table, records.Select(r => (StorageKeys.PartitionOf(r.Period, r.Id), r.Id)), ["updatedAt"], cancellationToken)
            .ConfigureAwait(false);
        var written = new ConcurrentBag<ValidRecord>();
        var stale = new ConcurrentBag<int>();
        var batches = records
            .GroupBy(r => StorageKeys.PartitionOf(r.Period, r.Id), StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatch))
            .ToList();
        await Parallel.ForEachAsync(batches, Options(cancellationToken), async (batch, token) =>
        {
            var actions = new List<TableTransactionAction>(batch.Length);
            var sending = new List<ValidRecord>(batch.Length);
            foreach (var record in batch)
            {
                current.TryGetValue(record.Id, out var row);
                if (IsNewer(row, record))
                {
                    stale.Add(record.Index);
                    continue;
                }

                var entity = EntityMapping.ToEntity(kind, record);
                actions.Add(row is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, row.ETag));
                sending.Add(record);
            }

            if (actions.Count == 0)
            {
                return;
            }

            try
            {
                await table.SubmitTransactionAsync(actions, token).ConfigureAwait(false);
                sending.ForEach(written.Add);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                foreach (var record in sending)
                {
                    if (await WriteOneNewestAsync(table, kind, record, token).ConfigureAwait(false))
                    {
                        written.Add(record);
                    }
                    else
                    {
                        stale.Add(record.Index);
                    }
                }
            }
        }).ConfigureAwait(false);
        return ([.. written], [.. stale]);
    }

    // False when a newer version is stored.
    private static async Task<bool> WriteOneNewestAsync(TableClient table, RecordKind kind, ValidRecord record, CancellationToken cancellationToken)
    {
        var entity = EntityMapping.ToEntity(kind, record);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["updatedAt"], cancellationToken).ConfigureAwait(false);
            var stored = row.HasValue ? row.Value : null;
            if (IsNewer(stored, record))
            {
                return false;
            }

            try
            {
                if (stored is null)
                {
                    await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // Changed (or moved away) since it was read: read it once more.
            }
        }

        throw new RequestFailedException(409, $"record {record.Id} kept changing under concurrent writes; resend it", "ConcurrentUpdates", null);
    }

    // Writes the index entries of the written records, each conditional on the entry read before (or an insert where there
    // was none). When another sender changed an entry meanwhile, the record is settled alone: if the entry now names a
    // newer version, this record lost and its row is removed where it differs from the winner's; otherwise this record
    // wins, its entry is written, and a row of the earlier holder in another partition is removed. Returns the indexes (in
    // the body) of records that lost.
    private async Task<IReadOnlyList<int>> WriteIndexAsync(
        TableClient table, TableClient index, RecordKind kind, IReadOnlyList<ValidRecord> records, IReadOnlyDictionary<string, IndexEntry> read,
        CancellationToken cancellationToken)
    {
        var lost = new ConcurrentBag<int>();
        var batches = records
            .GroupBy(r => StorageKeys.IndexPartitionOf(kind.Name, r.Id), StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatch))
            .ToList();
        await Parallel.ForEachAsync(batches, Options(cancellationToken), async (batch, token) =>
        {
            var actions = batch.Select(r => read.TryGetValue(r.Id, out var entry)
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, IndexEntity(kind, r), entry.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, IndexEntity(kind, r))).ToList();
            try
            {
                await index.SubmitTransactionAsync(actions, token).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                foreach (var record in batch)
                {
                    if (!await SettleIndexAsync(table, index, kind, record, token).ConfigureAwait(false))
                    {
                        lost.Add(record.Index);
                    }
                }
            }
        }).ConfigureAwait(false);
        return [.. lost];
    }

    private static async Task<bool> SettleIndexAsync(TableClient table, TableClient index, RecordKind kind, ValidRecord record, CancellationToken cancellationToken)
    {
        var entity = IndexEntity(kind, record);
        var partition = StorageKeys.PartitionOf(record.Period, record.Id);
        var rowKey = StorageKeys.EscapeKey(record.Id);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var response = await index.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["Partition", "UpdatedAt"], cancellationToken)
                .ConfigureAwait(false);
            var entry = response.HasValue ? response.Value : null;
            var holder = entry?.GetString("Partition");
            if (entry?.GetDateTimeOffset("UpdatedAt") is { } kept && record.UpdatedAt is { } sent && sent < kept)
            {
                if (holder != partition)
                {
                    await DeleteUnlessNewerAsync(table, partition, rowKey, record.UpdatedAt, cancellationToken).ConfigureAwait(false);
                }

                return false;
            }

            try
            {
                if (entry is null)
                {
                    await index.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await index.UpdateEntityAsync(entity, entry.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                continue;
            }

            if (holder is not null && holder != partition)
            {
                await DeleteUnlessNewerAsync(table, holder, rowKey, record.UpdatedAt, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        throw new RequestFailedException(409, $"index entry of {record.Id} kept changing under concurrent writes; resend it", "ConcurrentUpdates", null);
    }

    // Deletes the row unless it holds a newer version than updatedAt (no updatedAt: deletes whatever is there).
    private static async Task DeleteUnlessNewerAsync(TableClient table, string partition, string rowKey, DateTimeOffset? updatedAt, CancellationToken cancellationToken)
    {
        if (updatedAt is null)
        {
            await table.DeleteEntityAsync(partition, rowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, ["updatedAt"], cancellationToken).ConfigureAwait(false);
            if (!response.HasValue || response.Value is not { } row || row.GetDateTimeOffset("updatedAt") is { } kept && kept > updatedAt)
            {
                return;
            }

            try
            {
                await table.DeleteEntityAsync(partition, rowKey, row.ETag, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Rewritten since it was read: look again.
            }
        }
    }

    private static TableEntity IndexEntity(RecordKind kind, ValidRecord record)
    {
        var entity = new TableEntity(StorageKeys.IndexPartitionOf(kind.Name, record.Id), StorageKeys.EscapeKey(record.Id))
        {
            ["Partition"] = StorageKeys.PartitionOf(record.Period, record.Id),
        };
        if (record.UpdatedAt is { } at)
        {
            entity["UpdatedAt"] = at.ToUniversalTime();
        }

        return entity;
    }

    private static bool IsNewer(TableEntity? row, ValidRecord record) =>
        row?.GetDateTimeOffset("updatedAt") is { } kept && record.UpdatedAt is { } sent && sent < kept;
}
