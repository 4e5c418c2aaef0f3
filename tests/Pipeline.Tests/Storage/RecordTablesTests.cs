using Microsoft.Extensions.Configuration;
using Pipeline.Storage;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Storage;

public sealed class RecordTablesTests(AzuriteFixture azurite)
{
    private RecordTables NewTables() => new(
        StorageAccount.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", azurite.ConnectionString)]).Build()),
        Microsoft.Extensions.Options.Options.Create(new Pipeline.Settings.StorageOptions { Prefix = AzuriteFixture.NewPrefix() }));

    // The table's creation is shared by the callers that ask for it meanwhile: the first caller giving up (an HTTP client
    // gone, a queue function stopped) used to cancel it for every other caller, whose records then failed to store.
    [Fact]
    public async Task A_caller_giving_up_while_the_table_is_created_does_not_fail_the_others()
    {
        var token = TestContext.Current.CancellationToken;
        var tables = NewTables();
        using var first = CancellationTokenSource.CreateLinkedTokenSource(token);
        var given = tables.GetAsync("shared", first.Token);
        var waiting = tables.GetAsync("shared", token);
        Assert.False(waiting.IsCompleted, "the table was created before the first caller could give up");
        await first.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given);
        var table = await waiting;
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("p", "r"), token);
        Assert.Same(table, await tables.GetAsync("shared", token));
    }
}
