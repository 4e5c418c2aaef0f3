using System.Text;

namespace Pipeline.Reports.Formats;

/// <summary>
/// An HTML report in both languages: <c>{name}.html</c> in the default language and <c>{name}{suffix}</c> in the other,
/// each linking to its counterpart.
/// </summary>
/// <param name="name">The page's name without extension (<c>assessment</c>).</param>
/// <param name="render">Renders the page: input, language, the other language's file name; the HTML.</param>
public abstract class PageFormat(string name, Func<ReportInput, ReportText, string, string> render) : IReportFormat
{
    // UTF-8 without a byte order mark, as the pages were always written.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc />
    public abstract int Order { get; }

    /// <inheritdoc />
    public IEnumerable<ReportFileFormat> Files(ReportLanguages languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        var (main, other) = ($"{name}.html", $"{name}{languages.OtherSuffix}");
        yield return new ReportFileFormat(main, 0, (input, stream) => Write(stream, render(input, languages.Main, other)));
        yield return new ReportFileFormat(other, 0, (input, stream) => Write(stream, render(input, languages.Other, main)));
    }

    private static void Write(Stream stream, string html)
    {
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16, leaveOpen: true);
        writer.Write(html);
    }
}
