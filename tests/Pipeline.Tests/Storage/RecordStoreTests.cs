using Azure;
using Azure.Data.Tables;
using Pipeline.Storage;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Storage;

public sealed class RecordStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Transactions_never_span_partitions_nor_exceed_100_entities()
    {
        // Azurite accepts a batch over several partitions; Azure does not. The rule is ours to keep.
        var table = new RecordingTableClient(azurite.ConnectionString, AzuriteFixture.NewPrefix() + "batches");
        await table.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        var entities = Enumerable.Range(0, 250).Select(i => new TableEntity($"p{i % 3}", $"r{i:D3}")).ToList();

        await RecordStore.WriteAsync(table, entities, TableTransactionActionType.UpsertReplace, TestContext.Current.CancellationToken);

        Assert.All(table.Batches, batch =>
        {
            Assert.InRange(batch.Count, 1, RecordStore.MaxBatch);
            Assert.Single(batch.Select(a => a.Entity.PartitionKey).Distinct());
        });
        Assert.Equal(250, table.Batches.Sum(b => b.Count));
        Assert.Equal(250, table.Query<TableEntity>(cancellationToken: TestContext.Current.CancellationToken).Count());
    }

    [Theory]
    [InlineData("S-1")]
    [InlineData("C-0017")]
    [InlineData("2026-11:region:华东")]
    public void Buckets_are_stable_and_in_range(string id)
    {
        var bucket = StorageKeys.BucketOf(id);
        Assert.InRange(bucket, 0, StorageKeys.Buckets - 1);
        Assert.Equal(bucket, StorageKeys.BucketOf(id));
    }

    [Fact]
    public void Ids_spread_over_every_bucket() =>
        Assert.Equal(StorageKeys.Buckets, Enumerable.Range(0, 1000).Select(i => StorageKeys.BucketOf($"S-{i}")).Distinct().Count());

    [Theory]
    [InlineData("E1", "E1")]
    [InlineData("a/b#c?d\\e%f", "a%2Fb%23c%3Fd%5Ce%25f")]
    [InlineData("华东\t1", "华东%091")]
    public void Keys_escape_only_what_tables_forbid(string value, string expected) => Assert.Equal(expected, StorageKeys.EscapeKey(value));

    private sealed class RecordingTableClient(string connectionString, string name) : TableClient(connectionString, name)
    {
        public List<List<TableTransactionAction>> Batches { get; } = [];

        public override Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(
            IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
        {
            var batch = transactionActions.ToList();
            lock (Batches)
            {
                Batches.Add(batch);
            }

            return base.SubmitTransactionAsync(batch, cancellationToken);
        }

        public override Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        {
            lock (Batches)
            {
                Batches.Add([new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)]);
            }

            return base.UpsertEntityAsync(entity, mode, cancellationToken);
        }
    }
}
