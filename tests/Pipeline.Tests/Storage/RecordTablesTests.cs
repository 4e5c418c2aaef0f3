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

        // Two callers while the creation is on its way (on a starved machine it may finish between the two calls: then
        // with another table).
        CancellationTokenSource? first = null;
        Task<Azure.Data.Tables.TableClient>? given = null, waiting = null;
        var name = "";
        for (var attempt = 0; attempt < 10 && (waiting is null || waiting.IsCompleted); attempt++)
        {
            first?.Dispose();
            first = CancellationTokenSource.CreateLinkedTokenSource(token);
            name = $"shared{attempt}";
            given = tables.GetAsync(name, first.Token);
            waiting = tables.GetAsync(name, token);
        }

        Assert.False(waiting!.IsCompleted, "the table was created each time before the first caller could give up");
        await first!.CancelAsync();

        // The caller that gave up is told so (unless the creation ended in the meantime); the other gets its table.
        if (!given!.IsCompletedSuccessfully)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given);
        }

        var table = await waiting;
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("p", "r"), token);
        Assert.Same(table, await tables.GetAsync(name, token));
        first.Dispose();
    }
}
