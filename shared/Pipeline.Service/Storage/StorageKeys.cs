using System.Globalization;
using System.Text;
using Pipeline.Time;

namespace Pipeline.Storage;

/// <summary>
/// The partition layout (DESIGN §3): a record lives in partition <c>{period}~{bucket}</c>, so one month is
/// spread over <see cref="Buckets"/> partitions read in parallel; master data in <c>all~{bucket}</c>.
/// Row keys are record ids, escaped where a free string would hold a character Table Storage forbids.
/// </summary>
public static class StorageKeys
{
    /// <summary>How many partitions one period's records of a kind are spread over.</summary>
    public const int Buckets = 16;

    /// <summary>The bucket of an id: FNV-1a over its UTF-8 bytes, so it is stable across processes.</summary>
    public static int BucketOf(string id)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = (hash ^ b) * prime;
        }

        return (int)(hash % Buckets);
    }

    /// <summary>The data partition of a record with <paramref name="id"/> in <paramref name="period"/> (null: master data).</summary>
    public static string PartitionOf(Period? period, string id) => PartitionOf(period, BucketOf(id));

    /// <summary>The data partition of a bucket in <paramref name="period"/> (null: master data).</summary>
    public static string PartitionOf(Period? period, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{(period is { } p ? p.ToString() : "all")}~{bucket:D2}");

    /// <summary>Every data partition of one month.</summary>
    public static IEnumerable<string> PartitionsOf(Period? month) =>
        Enumerable.Range(0, Buckets).Select(bucket => PartitionOf(month, bucket));

    /// <summary>The partition of the id index entry of a record.</summary>
    public static string IndexPartitionOf(string kind, string id) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind}~{BucketOf(id):D2}");

    /// <summary>
    /// A key safe for PartitionKey/RowKey: <c>%</c>, <c>/</c>, <c>\</c>, <c>#</c>, <c>?</c> and control
    /// characters are percent-escaped; everything else is kept, so ids stay readable.
    /// </summary>
    public static string EscapeKey(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(char c) => c is '%' or '/' or '\\' or '#' or '?' || char.IsControl(c);
}
