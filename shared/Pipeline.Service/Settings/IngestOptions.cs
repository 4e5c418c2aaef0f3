namespace Pipeline.Settings;

/// <summary>The <c>Ingest</c> settings section.</summary>
public sealed class IngestOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Ingest";

    /// <summary>The default largest body accepted: 32 MiB.</summary>
    public const long DefaultMaxBodyBytes = 32L * 1024 * 1024;

    /// <summary>The largest ingestion body accepted, in bytes; a larger one answers 413.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The most records one body may hold; more answers 413 (a million tiny records fit in 32 MiB).</summary>
    public int MaxRecords { get; set; } = Records.RecordBodyReader.DefaultMaxRecords;
}
