using System.IO.Compression;
using System.Xml.Linq;
using ClosedXML.Excel;
using Pipeline.Reports;

namespace Pipeline.Tests.Reports;

/// <summary>
/// <c>assessment.xlsx</c> printed: opened in LibreOffice (headless, as a manager's office suite would open it) and
/// converted to PDF, whose pages are counted and measured, and to OpenDocument, whose page styles say how LibreOffice
/// understood the page setup (orientation, fit, repeated rows and columns, header and footer).
/// </summary>
public sealed class WorkbookPrintTests(ITestOutputHelper output)
{
    // At full size a landscape A4 page holds about 30 rows of 15 pt under the margins, the header and footer and the
    // repeated header row; fitting a sheet to the page's width only ever shrinks it, so it holds at least this many.
    private const int RowsPerPage = 20;

    // A sheet this narrow fits one page wide at full size or near it. A wider one (a scope sheet: over a hundred figure
    // columns) does not fit one page even at the smallest scale (Excel stops at 10 %; LibreOffice goes a little lower and
    // still spreads it over a few pages across); it is allowed a page across for every this many columns.
    private const int NarrowColumns = 30;
    private const int ColumnsPerPageAcross = 20;

    private static readonly XNamespace Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private static readonly XNamespace Style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    private static readonly XNamespace Text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static readonly XNamespace Fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";

    [Fact]
    public async Task A_large_month_prints_landscape_a_page_wide_and_as_many_pages_tall_as_its_rows_need()
    {
        var bytes = WorkbookWriter.Write(ReportSamples.LargeMonth(employees: 200), ReportText.Chinese);
        var sheets = Sheets(bytes);
        var pdf = PdfPages.Parse(await LibreOffice.Convert(bytes, "assessment.xlsx", "pdf", TestContext.Current.CancellationToken));

        var perSheet = pdf.PagesPerBookmark();
        output.WriteLine($"{pdf.Pages.Count} pages for {sheets.Sum(s => s.Rows)} rows in {sheets.Count} sheets:");
        foreach (var ((name, rows, columns, _, _), (_, pages)) in sheets.Zip(perSheet))
        {
            output.WriteLine($"  {name}: {rows} rows × {columns} columns → {pages} pages");
        }

        Assert.All(pdf.Pages, page => Assert.True(page.Landscape, $"a {page.Width} × {page.Height} pt page is not landscape"));
        Assert.Equal(sheets.Select(s => s.Name), perSheet.Select(s => s.Title));
        Assert.True(sheets.Single(s => s.Name == ReportText.Chinese["employee"]).Columns > NarrowColumns, "the sample should have a wide scope sheet");
        foreach (var ((name, rows, columns, _, _), (_, pages)) in sheets.Zip(perSheet))
        {
            var across = columns <= NarrowColumns ? 1 : (columns + ColumnsPerPageAcross - 1) / ColumnsPerPageAcross;
            var most = across * ((rows + RowsPerPage - 1) / RowsPerPage);
            Assert.True(pages >= 1 && pages <= most, $"{name} ({rows} rows × {columns} columns) prints on {pages} pages; at most {most} expected");
        }
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task LibreOffice_reads_every_sheets_page_setup_in_the_reports_language(string culture)
    {
        var text = ReportText.For(culture);
        var bytes = WorkbookWriter.Write(ReportSamples.Input(), text);
        var sheets = Sheets(bytes);
        using var ods = new ZipArchive(new MemoryStream(await LibreOffice.Convert(bytes, "assessment.xlsx", "ods", TestContext.Current.CancellationToken)));
        var content = XDocument.Load(ods.GetEntry("content.xml")!.Open());
        var styles = XDocument.Load(ods.GetEntry("styles.xml")!.Open());

        var tables = content.Descendants(Table + "table").ToList();
        Assert.Equal(sheets.Select(s => s.Name), tables.Select(t => (string?)t.Attribute(Table + "name")));
        var scopeSheets = new[] { "company", "department", "region", "employee" }.Select(kind => text[kind]).ToHashSet();
        foreach (var table in tables)
        {
            var name = (string)table.Attribute(Table + "name")!;
            var master = MasterPage(content, styles, table);
            var layout = styles.Descendants(Style + "page-layout")
                .Single(l => (string?)l.Attribute(Style + "name") == (string?)master.Attribute(Style + "page-layout-name"))
                .Element(Style + "page-layout-properties")!;
            Assert.Equal("landscape", (string?)layout.Attribute(Style + "print-orientation"));
            Assert.Equal("1", (string?)layout.Attribute(Style + "scale-to-X"));
            Assert.True(layout.Attribute(Style + "scale-to-Y") is null || (string?)layout.Attribute(Style + "scale-to-Y") == "0", $"{name}: pages tall are limited");
            Assert.Equal((29.7, 21.0), (Centimetres(layout, "page-width"), Centimetres(layout, "page-height")));

            // The header row repeats on every page; so do the columns frozen on screen (a scope sheet's id and name).
            var headerRows = table.Element(Table + "table-header-rows");
            Assert.True(headerRows is not null, $"{name}: no header rows to repeat");
            Assert.Single(headerRows.Elements(Table + "table-row"));
            Assert.Equal(sheets.Single(s => s.Name == name).FirstHeader, FirstCell(headerRows));
            var frozenColumns = sheets.Single(s => s.Name == name).FrozenColumns;
            Assert.Equal(frozenColumns > 0, table.Element(Table + "table-header-columns") is not null);
            Assert.True(!scopeSheets.Contains(name) || frozenColumns == 2, $"{name}: the id and name columns are not frozen");

            var header = master.Element(Style + "header")!;
            Assert.Equal(text["assessmentTitle"], Region(header, "region-left"));
            Assert.Equal(name, Region(header, "region-center"));
            Assert.Equal($"{text["period"]} 2026-11", Region(header, "region-right"));
            Assert.Equal(string.Format(text["pageOf"], "{page}", "{pages}"), Paragraph(master.Element(Style + "footer")!.Element(Text + "p")!));
        }
    }

    [Fact]
    public void Every_sheet_carries_the_page_setup_for_excel_too()
    {
        var text = ReportText.English;
        using var workbook = new XLWorkbook(new MemoryStream(WorkbookWriter.Write(ReportSamples.Input(), text)));

        Assert.Equal(11, workbook.Worksheets.Count);
        foreach (var sheet in workbook.Worksheets)
        {
            var page = sheet.PageSetup;
            Assert.Equal(XLPageOrientation.Landscape, page.PageOrientation);
            Assert.Equal(XLPaperSize.A4Paper, page.PaperSize);
            Assert.Equal((1, 0), (page.PagesWide, page.PagesTall));
            Assert.Equal((1, 1), (page.FirstRowToRepeatAtTop, page.LastRowToRepeatAtTop));
            Assert.Equal(sheet.SheetView.SplitColumn, page.LastColumnToRepeatAtLeft);
            Assert.False(page.ScaleHFWithDocument);
            Assert.True(page.Margins.Bottom > page.Margins.Footer && page.Margins.Top > page.Margins.Header, "the header or footer prints over the rows");
            Assert.Equal("Marketing and customer-service assessment", page.Header.Left.GetText(XLHFOccurrence.OddPages));
            Assert.Equal(sheet.Name, page.Header.Center.GetText(XLHFOccurrence.OddPages));
            Assert.Equal("Period 2026-11", page.Header.Right.GetText(XLHFOccurrence.OddPages));
            Assert.Equal("Page &P of &N", page.Footer.Center.GetText(XLHFOccurrence.OddPages));
        }
    }

    /// <summary>Each sheet of the workbook in order: the rows and columns it uses, its first header, its frozen columns.</summary>
    private static List<(string Name, int Rows, int Columns, string FirstHeader, int FrozenColumns)> Sheets(byte[] workbook)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        return book.Worksheets
            .Select(s => (s.Name, s.LastRowUsed()!.RowNumber(), s.LastColumnUsed()!.ColumnNumber(), s.Cell(1, 1).GetString(), s.SheetView.SplitColumn))
            .ToList();
    }

    private static XElement MasterPage(XDocument content, XDocument styles, XElement table)
    {
        var tableStyle = (string?)table.Attribute(Table + "style-name");
        var masterName = content.Descendants(Style + "style").Single(s => (string?)s.Attribute(Style + "name") == tableStyle)
            .Attribute(Style + "master-page-name")!.Value;
        return styles.Descendants(Style + "master-page").Single(m => (string?)m.Attribute(Style + "name") == masterName);
    }

    private static string FirstCell(XElement headerRows) =>
        Paragraph(headerRows.Element(Table + "table-row")!.Element(Table + "table-cell")!.Element(Text + "p")!);

    private static string Region(XElement header, string region) => Paragraph(header.Element(Style + region)!.Element(Text + "p")!);

    /// <summary>A paragraph's text, with its page number and count fields as <c>{page}</c> and <c>{pages}</c>.</summary>
    private static string Paragraph(XElement paragraph) => string.Concat(paragraph.DescendantNodes().Select(node => node switch
    {
        XText t when t.Parent!.Name != Text + "page-number" && t.Parent.Name != Text + "page-count" => t.Value,
        XElement e when e.Name == Text + "s" => new string(' ', (int?)e.Attribute(Text + "c") ?? 1),
        XElement e when e.Name == Text + "page-number" => "{page}",
        XElement e when e.Name == Text + "page-count" => "{pages}",
        _ => "",
    }));

    /// <summary>A length of the page layout (LibreOffice writes inches or centimetres) in centimetres, to a millimetre.</summary>
    private static double Centimetres(XElement layout, string attribute)
    {
        var length = (string)layout.Attribute(Fo + attribute)!;
        var (number, perUnit) = length.EndsWith("in", StringComparison.Ordinal) ? (length[..^2], 2.54)
            : length.EndsWith("cm", StringComparison.Ordinal) ? (length[..^2], 1.0)
            : length.EndsWith("mm", StringComparison.Ordinal) ? (length[..^2], 0.1)
            : throw new FormatException($"{attribute} {length}: unknown unit");
        return Math.Round(double.Parse(number, System.Globalization.CultureInfo.InvariantCulture) * perUnit, 1);
    }
}
