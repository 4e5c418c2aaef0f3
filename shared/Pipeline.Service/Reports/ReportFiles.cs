using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Pipeline.Assessment;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>The files of CONTRACT §6 for one run: every report, in both languages where it has words.</summary>
public static class ReportFiles
{
    /// <summary>The suffix of the second language's HTML files: <c>.en.html</c>, or <c>.zh-CN.html</c> when the default is English.</summary>
    public static string SecondLanguageSuffix(string defaultCulture) => ReportText.For(defaultCulture).IsEnglish ? ".zh-CN.html" : ".en.html";

    /// <summary>File names, in the order they are listed.</summary>
    public static IReadOnlyList<string> Names(string defaultCulture)
    {
        var suffix = SecondLanguageSuffix(defaultCulture);
        return
        [
            "assessment.html", $"assessment{suffix}", "assessment.xlsx", "assessment.json", "assessment.csv",
            "satisfaction-analysis.html", $"satisfaction-analysis{suffix}", "complaint-analysis.html", $"complaint-analysis{suffix}",
            "customer-analysis.html", $"customer-analysis{suffix}", RecordLists.FileName,
        ];
    }

    /// <summary>Content types by file extension.</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Renders every file into a new <see cref="ReportSet"/>, each written to disk as soon as it is rendered (up to four
    /// at once), so the set is never in memory as a whole. <paramref name="defaultCulture"/> (<c>Reports:Culture</c>) is
    /// the language of <c>{name}.html</c> and of the workbook. The other language stands beside it: English as
    /// <c>{name}.en.html</c> (CONTRACT §6), or, when the default is English, Chinese as <c>{name}.zh-CN.html</c>; each page
    /// links to its counterpart.
    /// </summary>
    /// <param name="input">What the reports show.</param>
    /// <param name="defaultCulture">The default language.</param>
    /// <param name="root">Where the set's folder is made (default: the temporary directory).</param>
    public static ReportSet Write(ReportInput input, string defaultCulture, string? root = null)
    {
        var main = ReportText.For(defaultCulture);
        var other = main.IsEnglish ? ReportText.Chinese : ReportText.English;
        var suffix = SecondLanguageSuffix(defaultCulture);
        var set = ReportSet.Create(root);

        // Each file is one piece of work, the longest first (the workbook is about half of the rendering at a million
        // records); up to four are rendered at once, each written to disk before its worker takes the next. Rendering only
        // reads the input (a RankedList orders itself under a lock on its first read), so the files are the same bytes
        // whatever the threads.
        var work = new List<(string Name, Action<Stream> Write)>
        {
            ("assessment.xlsx", stream => WorkbookWriter.Write(input, main, stream)),
            (RecordLists.FileName, stream => RecordLists.Write(input, stream)),
            ("assessment.csv", stream => AssessmentCsv.Write(input.Result, stream)),
            ("assessment.json", stream => JsonSerializer.Serialize(stream, input.Result, AssessmentStore.Json)),
        };
        foreach (var (name, render) in new (string, Func<ReportInput, ReportText, string, string>)[]
        {
            ("assessment", AssessmentHtml.Render), ("satisfaction-analysis", SatisfactionHtml.Render),
            ("complaint-analysis", ComplaintHtml.Render), ("customer-analysis", CustomerHtml.Render),
        })
        {
            work.Add(($"{name}.html", stream => Page(stream, render(input, main, $"{name}{suffix}"))));
            work.Add(($"{name}{suffix}", stream => Page(stream, render(input, other, $"{name}.html"))));
        }

        try
        {
            Parallel.ForEach(
                Partitioner.Create(work, EnumerablePartitionerOptions.NoBuffering),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4) },
                file => set.Add(file.Name, ContentType(file.Name), file.Write));
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

    private static void Page(Stream stream, string html)
    {
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true);
        writer.Write(html);
    }

    /// <summary>Every file rendered (<see cref="Write"/>) and read back into memory, by name: for tests and small callers.</summary>
    public static Dictionary<string, (string ContentType, BinaryData Content)> Build(ReportInput input, string defaultCulture)
    {
        using var set = Write(input, defaultCulture);
        return set.ReadAll();
    }

    // UTF-8 without a byte order mark, as the pages were always written.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The UTF-8 text of a file, for tests and logs.</summary>
    public static string Text(BinaryData content) => Encoding.UTF8.GetString(content.ToArray());
}
