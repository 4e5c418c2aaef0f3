using Azure.Data.Tables;

namespace Pipeline.Tests.Infrastructure;

/// <summary>Reads what the app stored, straight from Azurite.</summary>
public static class Tables
{
    public static async Task<List<TableEntity>> AllAsync(AzuriteFixture azurite, string prefix, string kind)
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(prefix + kind);
        var entities = new List<TableEntity>();
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                entities.Add(entity);
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // The table was never created: nothing stored.
        }

        return entities;
    }
}
