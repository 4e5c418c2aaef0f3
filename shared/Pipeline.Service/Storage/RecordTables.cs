using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Pipeline.Records;
using Pipeline.Settings;

namespace Pipeline.Storage;

/// <summary>The pipeline's tables: one per record kind plus the id index, created on first use.</summary>
public sealed class RecordTables(StorageAccount account, IOptions<StorageOptions> options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The table that holds records of <paramref name="kind"/>.</summary>
    public Task<TableClient> ForKindAsync(RecordKind kind, CancellationToken cancellationToken = default) =>
        GetAsync(kind.Name, cancellationToken);

    /// <summary>The index from record id to the partition that holds it (records whose period can change).</summary>
    public Task<TableClient> IndexAsync(CancellationToken cancellationToken = default) =>
        GetAsync("recordIndex", cancellationToken);

    /// <summary>The table <paramref name="name"/> (prefixed), created if it does not exist.</summary>
    public Task<TableClient> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var fullName = options.Value.Prefix + name;
        // The creation is shared by every caller that asks meanwhile, so it runs on no caller's token (one caller giving
        // up must not fail the others); each caller waits on its own.
        var lazy = _tables.GetOrAdd(fullName, n => new Lazy<Task<TableClient>>(() => CreateAsync(n)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // Do not remember a failure (storage may have been down): try again next time.
            _tables.TryRemove(new KeyValuePair<string, Lazy<Task<TableClient>>>(fullName, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = account.Tables.GetTableClient(name);
        await client.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
        return client;
    }
}
