using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Tests.Reports;

/// <summary>One printed page: its media box in points.</summary>
internal sealed record PdfPage(double Width, double Height)
{
    public bool Landscape => Width > Height;
}

/// <summary>A top-level bookmark: LibreOffice writes one per sheet, pointing at the sheet's first page (0-based).</summary>
internal sealed record PdfBookmark(string Title, int FirstPage);

/// <summary>
/// The page tree and the outline of a PDF as LibreOffice writes it: object dictionaries in plain text (only content
/// streams are compressed), a classic cross-reference table, no object streams. Enough to count pages, see their size
/// and tell which sheet each belongs to, without a PDF library; anything else is refused rather than misread.
/// </summary>
internal sealed partial class PdfPages
{
    private readonly Dictionary<int, string> _objects;

    private PdfPages(Dictionary<int, string> objects, string trailer)
    {
        _objects = objects;
        var catalog = Object(Reference(trailer, "Root") ?? throw new FormatException("the trailer has no /Root"));
        var root = Reference(catalog, "Pages") ?? throw new FormatException("the catalog has no /Pages");
        var pages = new List<(int Id, PdfPage Page)>();
        Walk(root, null, pages);
        var count = Number(Object(root), "Count");
        if (count != pages.Count)
        {
            throw new FormatException($"the page tree says /Count {count} but holds {pages.Count} pages");
        }

        Pages = pages.Select(p => p.Page).ToList();
        var index = pages.Select((p, i) => (p.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var bookmarks = new List<PdfBookmark>();
        if (Reference(catalog, "Outlines") is { } outlines)
        {
            for (var item = Reference(Object(outlines), "First"); item is { } id; item = Reference(Object(id), "Next"))
            {
                var entry = Object(id);
                var destination = DestinationPage().Match(entry);
                if (!destination.Success)
                {
                    throw new FormatException($"bookmark {id} has no /Dest [page 0 R ...]");
                }

                bookmarks.Add(new PdfBookmark(Title(entry), index[int.Parse(destination.Groups[1].Value, CultureInfo.InvariantCulture)]));
            }
        }

        Bookmarks = bookmarks;
    }

    /// <summary>The pages in print order.</summary>
    public IReadOnlyList<PdfPage> Pages { get; }

    /// <summary>The top-level bookmarks in order.</summary>
    public IReadOnlyList<PdfBookmark> Bookmarks { get; }

    /// <summary>How many pages each bookmark covers: from its first page to the next bookmark's, or to the end.</summary>
    public IReadOnlyList<(string Title, int Pages)> PagesPerBookmark() =>
        Bookmarks.Select((b, i) => (b.Title, (i + 1 < Bookmarks.Count ? Bookmarks[i + 1].FirstPage : Pages.Count) - b.FirstPage)).ToList();

    public static PdfPages Parse(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        if (!text.StartsWith("%PDF-", StringComparison.Ordinal))
        {
            throw new FormatException("not a PDF");
        }

        if (text.Contains("/ObjStm", StringComparison.Ordinal))
        {
            throw new FormatException("the PDF keeps objects in compressed object streams, which this reader does not open");
        }

        // A later definition of an object (an incremental update) replaces an earlier one.
        var objects = new Dictionary<int, string>();
        foreach (Match match in ObjectStart().Matches(text))
        {
            objects[int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)] = Dictionary(text, match.Index + match.Length - 2);
        }

        var trailer = text.LastIndexOf("trailer", StringComparison.Ordinal);
        if (trailer < 0)
        {
            throw new FormatException("no trailer (a cross-reference stream instead?)");
        }

        return new PdfPages(objects, Dictionary(text, text.IndexOf("<<", trailer, StringComparison.Ordinal)));
    }

    private void Walk(int id, string? inheritedBox, List<(int, PdfPage)> pages)
    {
        var node = Object(id);
        var box = MediaBox().Match(node) is { Success: true } own ? own.Value : inheritedBox;
        if (PagesType().IsMatch(node))
        {
            var kids = Kids().Match(node);
            foreach (Match kid in ReferenceList().Matches(kids.Success ? kids.Groups[1].Value : ""))
            {
                Walk(int.Parse(kid.Groups[1].Value, CultureInfo.InvariantCulture), box, pages);
            }
        }
        else if (PageType().IsMatch(node))
        {
            var numbers = MediaBox().Match(box ?? throw new FormatException($"page {id} has no /MediaBox")).Groups;
            double At(int i) => double.Parse(numbers[i].Value, CultureInfo.InvariantCulture);
            pages.Add((id, new PdfPage(Math.Abs(At(3) - At(1)), Math.Abs(At(4) - At(2)))));
        }
        else
        {
            throw new FormatException($"object {id} in the page tree is neither /Pages nor /Page");
        }
    }

    private string Object(int id) => _objects.TryGetValue(id, out var dictionary) ? dictionary : throw new FormatException($"object {id} is missing");

    private static int? Reference(string dictionary, string key) =>
        Regex.Match(dictionary, $@"/{key}\s*(\d+)\s+\d+\s+R") is { Success: true } match
            ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;

    private static int Number(string dictionary, string key) =>
        int.Parse(Regex.Match(dictionary, $@"/{key}\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static string Title(string entry)
    {
        var hex = HexTitle().Match(entry);
        if (hex.Success)
        {
            var bytes = Convert.FromHexString(hex.Groups[1].Value);
            return bytes is [0xFE, 0xFF, ..] ? Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2) : Encoding.Latin1.GetString(bytes);
        }

        var literal = LiteralTitle().Match(entry);
        return literal.Success ? literal.Groups[1].Value : throw new FormatException("a bookmark without a /Title");
    }

    /// <summary>The dictionary that starts at <paramref name="start"/> (at its <c>&lt;&lt;</c>), nested ones included.</summary>
    private static string Dictionary(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length - 1; i++)
        {
            if (text[i] == '<' && text[i + 1] == '<')
            {
                depth++;
                i++;
            }
            else if (text[i] == '>' && text[i + 1] == '>')
            {
                depth--;
                i++;
                if (depth == 0)
                {
                    return text[start..(i + 1)];
                }
            }
        }

        throw new FormatException($"the dictionary at byte {start} does not end");
    }

    [GeneratedRegex(@"(?<=^|[\r\n])(\d+)\s+\d+\s+obj\s*<<")]
    private static partial Regex ObjectStart();

    [GeneratedRegex(@"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex(@"/Type\s*/Pages\b")]
    private static partial Regex PagesType();

    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PageType();

    [GeneratedRegex(@"/Kids\s*\[([^\]]*)\]")]
    private static partial Regex Kids();

    [GeneratedRegex(@"(\d+)\s+\d+\s+R")]
    private static partial Regex ReferenceList();

    [GeneratedRegex(@"/Dest\s*\[\s*(\d+)\s+\d+\s+R")]
    private static partial Regex DestinationPage();

    [GeneratedRegex(@"/Title\s*<([0-9A-Fa-f]*)>")]
    private static partial Regex HexTitle();

    [GeneratedRegex(@"/Title\s*\(([^)]*)\)")]
    private static partial Regex LiteralTitle();
}
