using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Time;

namespace Pipeline.Records;

/// <summary>
/// The fingerprint of the records of one partition (CONTRACT §9): how many there are and a SHA-256 over them in a
/// canonical form, so that the same stored records always give the same fingerprint, whatever order they are read in.
/// </summary>
/// <remarks>
/// The canonical form of a record is its fields as stored, in the kind's schema order (<see cref="RecordKind.Fields"/>),
/// each present field written as <c>name</c> U+001F <c>value</c> U+001E in UTF-8, values formatted invariantly (money as
/// the stored decimal, dates <c>yyyy-MM-dd</c>, timestamps as UTC <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, booleans
/// <c>true</c>/<c>false</c>). Each record's form is hashed with SHA-256; the partition's SHA-256 is taken over those
/// record hashes in ordinal order of the record ids (ties by hash). Hashing records one by one lets a partition be read in
/// any order without holding its records, only 32 bytes and the id of each.
/// </remarks>
public sealed class RecordFingerprint
{
    private readonly List<(string Id, byte[] Hash)> _records = [];
    private bool _sorted = true;

    /// <summary>Starts the fingerprint of partition <paramref name="partition"/> of <paramref name="kind"/>.</summary>
    public RecordFingerprint(RecordKind kind, string partition)
    {
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        Partition = partition;
    }

    /// <summary>The record kind.</summary>
    public RecordKind Kind { get; }

    /// <summary>The partition key.</summary>
    public string Partition { get; }

    /// <summary>Adds one stored record.</summary>
    public void Add(RecordValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var id = values.TryGetValue("id", out var stored) ? Format(stored) : "";
        var hash = HashOf(Kind, values);
        if (_sorted && _records.Count > 0 && Compare(_records[^1], (id, hash)) > 0)
        {
            _sorted = false;
        }

        _records.Add((id, hash));
    }

    /// <summary>The partition's fingerprint: its record count and SHA-256 (lower-case hex).</summary>
    public PartitionFingerprint Complete()
    {
        if (!_sorted)
        {
            _records.Sort(Compare);
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, hash) in _records)
        {
            sha.AppendData(hash);
        }

        return new PartitionFingerprint(Kind.Name, Partition, _records.Count, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>The SHA-256 of one record's canonical form.</summary>
    public static byte[] HashOf(RecordKind kind, RecordValues values)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(values);
        var buffer = new ArrayBufferWriter<byte>(256);
        foreach (var field in kind.Fields)
        {
            if (!values.TryGetValue(field.Name, out var value) || value is null)
            {
                continue;
            }

            Write(buffer, field.Name);
            buffer.Write([(byte)0x1F]);
            Write(buffer, Format(value));
            buffer.Write([(byte)0x1E]);
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    /// <summary>A stored value in the canonical form's text.</summary>
    public static string Format(object value) => value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        decimal money => money.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        Period period => period.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void Write(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static int Compare((string Id, byte[] Hash) a, (string Id, byte[] Hash) b)
    {
        var byId = string.CompareOrdinal(a.Id, b.Id);
        return byId != 0 ? byId : a.Hash.AsSpan().SequenceCompareTo(b.Hash);
    }
}

/// <summary>One partition's records as a run read them (CONTRACT §9).</summary>
/// <param name="Kind">The record kind.</param>
/// <param name="Partition">The partition key (<c>2026-11~07</c>).</param>
/// <param name="Records">How many records it held.</param>
/// <param name="Sha256">The SHA-256 over its records in canonical form (<see cref="RecordFingerprint"/>), lower-case hex.</param>
public sealed record PartitionFingerprint(string Kind, string Partition, long Records, string Sha256)
{
    /// <summary>Kind and partition: <c>sales/2026-11~07</c>.</summary>
    public string Key => $"{Kind}/{Partition}";
}

/// <summary>
/// The fingerprint of everything a run read (CONTRACT §9): each partition's, in ordinal order of kind and partition, and
/// one SHA-256 over them (each partition as <c>kind/partition</c> U+001F <c>records</c> U+001F <c>sha256</c> U+001E).
/// </summary>
/// <param name="Sha256">The SHA-256 over every partition's fingerprint, lower-case hex.</param>
/// <param name="Records">The records read in all.</param>
/// <param name="Partitions">Every partition read, by kind then partition key (ordinal).</param>
public sealed record InputFingerprint(string Sha256, long Records, IReadOnlyList<PartitionFingerprint> Partitions)
{
    /// <summary>The fingerprint of <paramref name="partitions"/>, whatever order they are given in.</summary>
    public static InputFingerprint Of(IEnumerable<PartitionFingerprint> partitions)
    {
        var ordered = partitions.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var p in ordered)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(
                $"{p.Key}\u001F{p.Records.ToString(CultureInfo.InvariantCulture)}\u001F{p.Sha256}\u001E"));
        }

        return new InputFingerprint(Convert.ToHexStringLower(sha.GetHashAndReset()), ordered.Sum(p => p.Records), ordered);
    }
}
