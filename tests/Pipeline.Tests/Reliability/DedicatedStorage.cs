using Azure.Data.Tables;
using Pipeline.Standalone;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// An Azurite of one test's own, with its data on disk, that the test may stop, kill and start again on the same ports
/// (the shared one serves every other test and must never go down).
/// </summary>
public sealed class DedicatedStorage : IDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("azurite-outage-").FullName;

    public DedicatedStorage() => Azurite = EmbeddedAzurite.Start(_location, [AppContext.BaseDirectory]);

    public EmbeddedAzurite Azurite { get; }

    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>Ids stored in <paramref name="prefix"/>+<paramref name="kind"/> (empty when the table does not exist yet).</summary>
    public async Task<HashSet<string>> IdsAsync(string prefix, string kind, CancellationToken cancellationToken)
    {
        var table = new TableServiceClient(ConnectionString).GetTableClient(prefix + kind);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: cancellationToken))
            {
                ids.Add(entity.RowKey);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
        }

        return ids;
    }

    public void Dispose()
    {
        Azurite.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // A file Azurite still held; the temp folder is cleaned by the system.
        }
    }
}
