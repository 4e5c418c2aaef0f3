using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Storage;

/// <summary>
/// Where a run reads its records, one partition at a time: Table Storage (<see cref="RecordReader"/>) in the product, or
/// records made in memory in the scale benchmark, which so runs the product's own fold and merge.
/// </summary>
public interface IRecordSource
{
    /// <summary>Reads one partition of <paramref name="kind"/>, page by page, handing each page to <paramref name="onPage"/> in turn.</summary>
    Task ReadPartitionAsync(RecordKind kind, Period? month, string partition, Func<RecordReader.Page, ValueTask> onPage, CancellationToken cancellationToken = default);
}
