using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Storage;

/// <summary>
/// Reading back and removing stored records (CONTRACT §4, the records API): one record by id, a kind's records of a
/// period page by page, and deleting a record sent by mistake — its row and its index entry, so the next assessment no
/// longer counts it.
/// </summary>
public sealed class StoredRecords(RecordTables tables)
{
    /// <summary>The most records one page holds.</summary>
    public const int PageSize = 1000;

    /// <summary>One page of records and where the next one starts (null: this was the last).</summary>
    /// <param name="Records">The records, as <see cref="ToJson"/> writes them.</param>
    /// <param name="Continuation">An opaque token for the next page, or null.</param>
    public sealed record Page(IReadOnlyList<JsonObject> Records, string? Continuation);

    /// <summary>The stored record of <paramref name="kind"/> with <paramref name="id"/>, or null.</summary>
    public async Task<JsonObject?> FindAsync(RecordKind kind, string id, CancellationToken cancellationToken = default)
    {
        if (await LocateAsync(kind, id, cancellationToken).ConfigureAwait(false) is not { } partition)
        {
            return null;
        }

        var table = await tables.ForKindAsync(kind, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, StorageKeys.EscapeKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? ToJson(kind, entity) : null;
    }

    /// <summary>
    /// A page of the records of <paramref name="kind"/> in <paramref name="period"/> (null for master data), in a stated
    /// order: month, bucket, then id; <paramref name="continuation"/> is the token of the previous page.
    /// </summary>
    /// <exception cref="FormatException">The continuation token is not one this method wrote.</exception>
    public async Task<Page> PageAsync(RecordKind kind, Period? period, string? continuation, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        var partitions = (period is { } p ? p.Months().SelectMany(m => StorageKeys.PartitionsOf(m)) : StorageKeys.PartitionsOf(null)).ToList();
        var (at, token) = Decode(continuation, partitions.Count);
        var table = await tables.ForKindAsync(kind, cancellationToken).ConfigureAwait(false);
        var records = new List<JsonObject>(Math.Min(pageSize, 64));
        while (at < partitions.Count && records.Count < pageSize)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitions[at]}");
            var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize - records.Count, cancellationToken: cancellationToken)
                .AsPages(token, pageSize - records.Count);
            token = null;
            await foreach (var page in pages.ConfigureAwait(false))
            {
                records.AddRange(page.Values.Select(entity => ToJson(kind, entity)));
                token = page.ContinuationToken;
                break;
            }

            if (token is null)
            {
                at++;
            }
        }

        return new Page(records, at < partitions.Count ? Encode(at, token) : null);
    }

    /// <summary>Deletes the record's row and index entry; false when neither existed. Safe to retry after a failure.</summary>
    public async Task<bool> DeleteAsync(RecordKind kind, string id, CancellationToken cancellationToken = default)
    {
        if (await LocateAsync(kind, id, cancellationToken).ConfigureAwait(false) is not { } partition)
        {
            return false;
        }

        // The row first, then the index entry: a retry after a failure in between finds the entry and finishes.
        var table = await tables.ForKindAsync(kind, cancellationToken).ConfigureAwait(false);
        var row = await table.DeleteEntityAsync(partition, StorageKeys.EscapeKey(id), ETag.All, cancellationToken).ConfigureAwait(false);
        var found = row.Status != 404;
        if (RecordStore.NeedsIndex(kind))
        {
            var index = await tables.IndexAsync(cancellationToken).ConfigureAwait(false);
            var entry = await index.DeleteEntityAsync(StorageKeys.IndexPartitionOf(kind.Name, id), StorageKeys.EscapeKey(id), ETag.All, cancellationToken)
                .ConfigureAwait(false);
            found |= entry.Status != 404;
        }

        return found;
    }

    /// <summary>A stored entity as the contract writes the record: field names, defaults filled in, values in their text forms.</summary>
    public static JsonObject ToJson(RecordKind kind, TableEntity entity)
    {
        var values = kind.WithDefaults(EntityMapping.ToValues(kind, entity));

        var json = new JsonObject();
        if (kind.DerivedId && values.TryGet<string>("id", out var derived))
        {
            json["id"] = derived;
        }

        foreach (var field in kind.Fields)
        {
            if (values.TryGetValue(field.Name, out var value))
            {
                json[field.Name] = value switch
                {
                    decimal money => JsonValue.Create(money),
                    DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateTimeOffset instant => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
                    Period month => month.ToString(),
                    bool flag => flag,
                    long count => count,
                    int score => score,
                    string text => text,
                    _ => value.ToString(),
                };
            }
        }

        return json;
    }

    // Where a record with this id would be stored: from the index when its period can change, from the id otherwise.
    private async Task<string?> LocateAsync(RecordKind kind, string id, CancellationToken cancellationToken)
    {
        if (kind.IsMasterData)
        {
            return StorageKeys.PartitionOf(null, id);
        }

        if (kind.DerivedId)
        {
            // A target's id is {yyyy-MM}:{scope}:{scopeId}.
            return id.Length > 8 && id[7] == ':' && Period.TryParseMonth(id[..7], out var month) ? StorageKeys.PartitionOf(month, id) : null;
        }

        var index = await tables.IndexAsync(cancellationToken).ConfigureAwait(false);
        var entry = await index.GetEntityIfExistsAsync<TableEntity>(
            StorageKeys.IndexPartitionOf(kind.Name, id), StorageKeys.EscapeKey(id), ["Partition"], cancellationToken).ConfigureAwait(false);
        return entry.HasValue && entry.Value is { } found ? found.GetString("Partition") : null;
    }

    private static string Encode(int partition, string? token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{partition}|{token}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static (int Partition, string? Token) Decode(string? continuation, int partitions)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return (0, null);
        }

        try
        {
            var padded = continuation.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && int.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var partition) && partition < partitions)
            {
                return (partition, bar == text.Length - 1 ? null : text[(bar + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw new FormatException("the continuation token is not one this route wrote; start again without it");
    }
}
