using Azure;
using Azure.Data.Tables;
using Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

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

public sealed class RecordStoreIndexTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Moves_and_stale_updates_are_found_even_when_a_range_read_gives_up_part_way()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Pipeline.Settings.StorageOptions { Prefix = AzuriteFixture.NewPrefix() });
        var tables = new RecordTables(StorageAccount.FromConfiguration(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", azurite.ConnectionString)]).Build()), options);
        var store = new RecordStore(tables, rangeScanSlack: 0); // give up after 4 entries per id
        var validator = new Pipeline.Records.RecordValidator(new Pipeline.Time.CompanyTimeZone("Asia/Shanghai"));
        Pipeline.Records.ValidRecord Complaint(string id, string receivedAt, string updatedAt) => validator.Validate(
            Pipeline.Kpis.Families.ComplaintsFamily.Schema,
            new Pipeline.Records.RawRecord(0, null, Records.Samples.Valid("complaints").With("id", id).With("receivedAt", receivedAt).With("updatedAt", updatedAt))).Record!;

        var ids = Enumerable.Range(0, 1000).Select(i => $"C-{i:D4}").ToList();
        await store.UpsertAsync(Pipeline.Kpis.Families.ComplaintsFamily.Schema,
            ids.Select(id => Complaint(id, "2026-11-10T10:00:00+08:00", "2026-11-10T10:00:00+08:00")).ToList(), TestContext.Current.CancellationToken);

        // Eight ids of one bucket, spread over its whole range: the range holds ~60 entries, the budget is 32.
        var bucket = ids.Where(id => StorageKeys.BucketOf(id) == StorageKeys.BucketOf("C-0000")).ToList();
        Assert.True(bucket.Count > 40);
        var chosen = Enumerable.Range(0, 8).Select(i => bucket[i * (bucket.Count - 1) / 7]).ToList();
        var moved = chosen.Take(6).Select(id => Complaint(id, "2026-12-02T10:00:00+08:00", "2026-12-02T10:00:00+08:00"));
        var stale = chosen.Skip(6).Select(id => Complaint(id, "2026-12-02T10:00:00+08:00", "2026-11-01T10:00:00+08:00"));
        var outcome = await store.UpsertAsync(Pipeline.Kpis.Families.ComplaintsFamily.Schema, moved.Concat(stale).ToList(), TestContext.Current.CancellationToken);

        Assert.Equal((6, 2), (outcome.Stored, outcome.Stale.Count));
        var all = await Tables.AllAsync(azurite, options.Value.Prefix, "complaints");
        Assert.Equal(1000, all.Count);
        Assert.Equal(chosen.Take(6).Order(), all.Where(e => e.PartitionKey.StartsWith("2026-12~", StringComparison.Ordinal)).Select(e => e.RowKey).Order());
    }
}
