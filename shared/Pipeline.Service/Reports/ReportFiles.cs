using System.Collections.Concurrent;
using System.Text;
using Pipeline.Reports.Formats;

namespace Pipeline.Reports;

/// <summary>
/// The files of CONTRACT §6 for one run: every <see cref="IReportFormat"/> of this assembly, in their order. The list of
/// formats is the list of files: adding a format is adding its class.
/// </summary>
public static class ReportFiles
{
    /// <summary>Every report format, in the order their files are listed.</summary>
    public static IReadOnlyList<IReportFormat> Formats { get; } = typeof(IReportFormat).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IReportFormat).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (IReportFormat)Activator.CreateInstance(t)!)
        .OrderBy(f => f.Order).ThenBy(f => f.GetType().FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>The suffix of the second language's HTML files: <c>.en.html</c>, or <c>.zh-CN.html</c> when the default is English.</summary>
    public static string SecondLanguageSuffix(string defaultCulture) => ReportLanguages.For(defaultCulture).OtherSuffix;

    /// <summary>File names, in the order they are listed.</summary>
    public static IReadOnlyList<string> Names(string defaultCulture) => Files(ReportLanguages.For(defaultCulture)).Select(f => f.Name).ToList();

    /// <summary>Content types by file extension.</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Renders every file into a new <see cref="ReportSet"/>, each written to disk as soon as it is rendered (up to four
    /// at once, the longest first), so the set is never in memory as a whole. <paramref name="defaultCulture"/>
    /// (<c>Reports:Culture</c>) is the language of <c>{name}.html</c> and of the workbook; the other language's pages stand
    /// beside (<see cref="ReportLanguages"/>), each page linking to its counterpart.
    /// </summary>
    /// <param name="input">What the reports show.</param>
    /// <param name="defaultCulture">The default language.</param>
    /// <param name="root">Where the set's folder is made (default: the temporary directory).</param>
    public static ReportSet Write(ReportInput input, string defaultCulture, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var set = ReportSet.Create(root);

        // Rendering only reads the input (a RankedList orders itself under a lock on its first read), so the files are the
        // same bytes whatever the threads.
        var work = Files(ReportLanguages.For(defaultCulture)).OrderByDescending(f => f.RenderFirst).ToList();
        try
        {
            Parallel.ForEach(
                Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4) },
                file => set.Add(file.Name, ContentType(file.Name), stream => file.Write(input, stream)));
            return set;
        }
        catch (AggregateException failed)
        {
            set.Dispose();
            // The first file's failure as it was thrown, not wrapped.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw();
            throw;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>Every file rendered (<see cref="Write"/>) and read back into memory, by name: for tests and small callers.</summary>
    public static Dictionary<string, (string ContentType, BinaryData Content)> Build(ReportInput input, string defaultCulture)
    {
        using var set = Write(input, defaultCulture);
        return set.ReadAll();
    }

    /// <summary>The UTF-8 text of a file, for tests and logs.</summary>
    public static string Text(BinaryData content) => Encoding.UTF8.GetString(content.ToArray());

    private static IEnumerable<ReportFileFormat> Files(ReportLanguages languages) => Formats.SelectMany(f => f.Files(languages));
}
