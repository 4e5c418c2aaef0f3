using System.Collections;
using System.Globalization;

namespace Pipeline.Reports;

/// <summary>One rendered report file, spooled on local disk until it is published.</summary>
/// <param name="Name">The file name (<c>assessment.json</c>).</param>
/// <param name="ContentType">Its content type.</param>
/// <param name="Path">Where it is spooled.</param>
/// <param name="Length">Its size in bytes.</param>
public sealed record ReportFile(string Name, string ContentType, string Path, long Length)
{
    /// <summary>A fresh read-only stream over the file (one per upload attempt, so a retry starts from the beginning).</summary>
    public Stream OpenRead() =>
        new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>The whole file in memory (tests, small files).</summary>
    public BinaryData Read() => BinaryData.FromBytes(File.ReadAllBytes(Path));
}

/// <summary>
/// A run's report files, each written into a folder of their own under the temporary directory as soon as it is rendered,
/// so a run holds only the files being rendered in memory rather than the whole set (which grows with the scopes and the
/// alerted records: about 100 MiB at a million records). Disposing deletes the folder.
/// </summary>
public sealed class ReportSet : IReadOnlyList<ReportFile>, IDisposable
{
    /// <summary>A set's folder older than this is left over from a process that stopped mid-run, and is deleted.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromDays(1);

    private readonly Lock _adding = new();
    private readonly List<ReportFile> _files = [];

    private ReportSet(string directory) => Directory = directory;

    /// <summary>The folder the files are spooled in.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public int Count => _files.Count;

    /// <inheritdoc />
    public ReportFile this[int index] => _files[index];

    /// <summary>The file named <paramref name="name"/>.</summary>
    public ReportFile this[string name] => _files.Find(f => f.Name == name) ?? throw new KeyNotFoundException($"no report file {name}");

    /// <summary>
    /// A new, empty set in a folder of its own under <paramref name="root"/> (default: the temporary directory's
    /// <c>pipeline-reports</c>). Folders left there over a day by a process that stopped are removed first.
    /// </summary>
    public static ReportSet Create(string? root = null)
    {
        root ??= Path.Combine(Path.GetTempPath(), "pipeline-reports");
        System.IO.Directory.CreateDirectory(root);
        RemoveAbandoned(root);
        var directory = Path.Combine(root, $"{DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        return new ReportSet(directory);
    }

    /// <summary>
    /// Writes a file of the set: <paramref name="write"/> gets a stream to fill, and the file is added once it returns.
    /// Files may be written from several threads at once; the set lists them by name.
    /// </summary>
    public ReportFile Add(string name, string contentType, Action<Stream> write)
    {
        if (name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"a report file name is a plain name: {name}", nameof(name));
        }

        var path = Path.Combine(Directory, name);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
        {
            write(stream);
        }

        var file = new ReportFile(name, contentType, path, new FileInfo(path).Length);
        lock (_adding)
        {
            _files.Add(file);
            _files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name)); // the same order however files were written
        }

        return file;
    }

    /// <summary>Every file in memory, by name (tests and the benchmark's comparisons).</summary>
    public Dictionary<string, (string ContentType, BinaryData Content)> ReadAll() =>
        _files.ToDictionary(f => f.Name, f => (f.ContentType, f.Read()), StringComparer.Ordinal);

    /// <inheritdoc />
    public IEnumerator<ReportFile> GetEnumerator() => _files.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Deletes the folder and its files.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Still open somewhere: removed by a later set as abandoned, rather than failing a published run.
        }
    }

    private static void RemoveAbandoned(string root)
    {
        foreach (var folder in new DirectoryInfo(root).EnumerateDirectories())
        {
            if (DateTime.UtcNow - folder.LastWriteTimeUtc < Abandoned)
            {
                continue;
            }

            try
            {
                folder.Delete(recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process's, or in use: left for a later run.
            }
        }
    }
}
