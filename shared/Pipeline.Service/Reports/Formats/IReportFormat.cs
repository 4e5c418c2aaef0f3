namespace Pipeline.Reports.Formats;

/// <summary>
/// One report format of a run (CONTRACT §6): the files it writes and how each is rendered. Each format is one class; the
/// formats found in this assembly, in <see cref="Order"/>, are the report set (<see cref="ReportFiles"/>), so a new format
/// is one file.
/// </summary>
public interface IReportFormat
{
    /// <summary>Where this format's files are listed among the others' (lower first).</summary>
    int Order { get; }

    /// <summary>The files this format writes, in the order they are listed, in <paramref name="languages"/>.</summary>
    IEnumerable<ReportFileFormat> Files(ReportLanguages languages);
}

/// <summary>One file of a format.</summary>
/// <param name="Name">The file name (<c>assessment.xlsx</c>).</param>
/// <param name="RenderFirst">
/// How early to start rendering it when files are rendered at once (higher first): the longest first, so the set takes
/// the least wall time. Rendering order never changes a byte.
/// </param>
/// <param name="Write">Renders the file from a run's report input onto a stream.</param>
public sealed record ReportFileFormat(string Name, int RenderFirst, Action<ReportInput, Stream> Write);

/// <summary>
/// The two languages of a report set: the default (<c>Reports:Culture</c>), whose files are <c>{name}.html</c> and the
/// workbook, and the other, whose pages stand beside as <c>{name}.en.html</c> (or <c>{name}.zh-CN.html</c> when the default
/// is English).
/// </summary>
/// <param name="Main">The default language.</param>
/// <param name="Other">The other language.</param>
/// <param name="OtherSuffix">The suffix of the other language's pages: <c>.en.html</c> or <c>.zh-CN.html</c>.</param>
public sealed record ReportLanguages(ReportText Main, ReportText Other, string OtherSuffix)
{
    /// <summary>The languages of a set whose default is <paramref name="defaultCulture"/>.</summary>
    public static ReportLanguages For(string defaultCulture)
    {
        var main = ReportText.For(defaultCulture);
        return main.IsEnglish
            ? new ReportLanguages(main, ReportText.Chinese, ".zh-CN.html")
            : new ReportLanguages(main, ReportText.English, ".en.html");
    }
}
