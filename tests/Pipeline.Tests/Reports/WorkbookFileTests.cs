using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;
using Pipeline.Kpis.Families;
using Pipeline.Reports;
using static Pipeline.Tests.Assessment.Build;

namespace Pipeline.Tests.Reports;

/// <summary>
/// <c>assessment.xlsx</c> as a file: what ClosedXML reads back from it, compared with an approved reading; the same input
/// giving the same bytes; and writing it costing memory in proportion to the file, not to a model of the whole workbook.
/// </summary>
public sealed class WorkbookFileTests
{
    /// <summary>
    /// The approved reading (Approved/assessment.xlsx.txt) was taken from the workbook ClosedXML 0.95.4 wrote before the
    /// streamed writer replaced it: every sheet, cell value, data type, display format and style, column width, frozen pane,
    /// print setup and the provisional property, so the streamed file is shown to hold the same as the old one.
    /// </summary>
    [Fact]
    public void A_provisional_month_reads_back_in_closedxml_as_the_approved_workbook()
    {
        var input = ReportSamples.Input();
        input = input with { Result = input.Result with { Provisional = true } };
        Approve("assessment.xlsx.txt", Reading(WorkbookWriter.Write(input, ReportText.Chinese)));
    }

    [Fact]
    public void The_same_month_is_the_same_bytes_whatever_stream_it_is_written_to()
    {
        var input = ReportSamples.Input();
        var bytes = WorkbookWriter.Write(input, ReportText.English);
        Assert.Equal(bytes, WorkbookWriter.Write(input, ReportText.English));

        using var seekable = new MemoryStream();
        WorkbookWriter.Write(input, ReportText.English, seekable);
        Assert.Equal(bytes, seekable.ToArray());

        using var forwardOnly = new ForwardOnly();
        WorkbookWriter.Write(input, ReportText.English, forwardOnly);
        Assert.Equal(bytes, forwardOnly.ToArray());
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void The_package_is_valid_open_xml(string culture)
    {
        var input = ReportSamples.Input();
        input = input with { Result = input.Result with { Provisional = true } };
        using var document = SpreadsheetDocument.Open(new MemoryStream(WorkbookWriter.Write(input, ReportText.For(culture))), false);

        var errors = new OpenXmlValidator(FileFormatVersions.Office2007).Validate(document, TestContext.Current.CancellationToken)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
        Assert.Equal(12, document.WorkbookPart!.WorksheetParts.Count());
        Assert.NotNull(document.WorkbookPart.WorkbookStylesPart);
        Assert.NotNull(document.CustomFilePropertiesPart);
    }

    /// <summary>
    /// A comment as a customer may type it: spaces at its ends, a line break (the cell wraps), a control character XML
    /// cannot carry, text that looks like Excel's escape of one, an emoji, CJK and XML's own characters.
    /// </summary>
    [Fact]
    public void A_comment_comes_back_as_it_was_typed()
    {
        const string comment = " 交货慢\nno one called \u0001 _x0041_ _X0041_ 😀 <&>\"' ";
        var engine = Engine("2026-11", null, Employee("E1", "sales", "east"));
        engine.Add(new Survey("V1", Day("2026-11-10"), "K1", "periodic", 1, 1, 1, 1, 1, 1, "E1", null, null, "P1", comment));
        engine.Add(new Survey("V2", Day("2026-11-11"), "K1", "periodic", 2, 1, 1, 1, 1, 1, "E1", null, null, "P1", "plain"));
        var result = engine.Complete("run-1", At("2026-12-01T02:00:00+08:00"));
        var input = new ReportInput(result, engine.Details, engine.Figures(), new Dictionary<string, IReadOnlyList<(string, JsonObject)>>(), engine.Context);
        var bytes = WorkbookWriter.Write(input, ReportText.English);

        var rows = MiniExcel.Query(new MemoryStream(bytes), sheetName: "Lowest-scoring responses").Cast<IDictionary<string, object?>>().Skip(1).ToList();
        Assert.Contains(rows, row => (string?)row["D"] == comment);
        Assert.Contains(rows, row => (string?)row["D"] == "plain");

        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var cells = workbook.Worksheet("Lowest-scoring responses").Column(4).CellsUsed().Skip(1).ToList();
        Assert.All(cells, cell => Assert.Equal(cell.GetString().Contains('\n', StringComparison.Ordinal), cell.Style.Alignment.WrapText));
        Assert.Contains(cells, cell => cell.Style.Alignment.WrapText);
    }

    /// <summary>
    /// What writing costs is a small multiple of the file: the rows are written as they are made, so a month of 1,000
    /// staff (some 260,000 cells) allocates a few dozen bytes a cell, where the ClosedXML workbook allocated some 400 times
    /// its file (2,989 MiB for a 7.5 MiB file in the scale benchmark). Bytes allocated, not time: the same on any machine.
    /// </summary>
    [Fact]
    public void Writing_a_large_month_allocates_a_small_multiple_of_the_file()
    {
        var input = ReportSamples.LargeMonth(employees: 1000);
        WorkbookWriter.Write(input, ReportText.Chinese); // the first write also loads and compiles the code

        var before = GC.GetAllocatedBytesForCurrentThread();
        var bytes = WorkbookWriter.Write(input, ReportText.Chinese);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(bytes.Length > 500_000, $"the sample should be large: {bytes.Length:N0} bytes");
        Assert.True(allocated < 20L * bytes.Length, $"{allocated:N0} bytes allocated for a {bytes.Length:N0}-byte workbook ({allocated / (double)bytes.Length:0.0}×)");
    }

    /// <summary>Everything ClosedXML reads from a workbook that is a property of the file, one line each.</summary>
    internal static string Reading(byte[] bytes)
    {
        using var workbook = new XLWorkbook(new MemoryStream(bytes));
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        static string N(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
        static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

        Line($"provisional {workbook.CustomProperty("provisional").Value}");
        foreach (var name in workbook.NamedRanges)
        {
            Line($"name {name.Name} {name.RefersTo}");
        }

        foreach (var sheet in workbook.Worksheets)
        {
            Line($"sheet {sheet.Position} {Quoted(sheet.Name)} tab {Color(sheet.TabColor)} frozen {sheet.SheetView.SplitRow},{sheet.SheetView.SplitColumn}");
            var page = sheet.PageSetup;
            var margins = page.Margins;
            Line($"  page {page.PageOrientation} {page.PaperSize} {page.PagesWide}×{page.PagesTall} gridlines {page.ShowGridlines} " +
                $"margins {N(margins.Top)}/{N(margins.Bottom)}/{N(margins.Left)}/{N(margins.Right)} header {N(margins.Header)} footer {N(margins.Footer)} " +
                $"scale with document {page.ScaleHFWithDocument}");
            Line($"  repeat rows {page.FirstRowToRepeatAtTop}-{page.LastRowToRepeatAtTop} columns {page.FirstColumnToRepeatAtLeft}-{page.LastColumnToRepeatAtLeft}");
            Line($"  header {Quoted(page.Header.Left.GetText(XLHFOccurrence.OddPages))} {Quoted(page.Header.Center.GetText(XLHFOccurrence.OddPages))} " +
                $"{Quoted(page.Header.Right.GetText(XLHFOccurrence.OddPages))} footer {Quoted(page.Footer.Left.GetText(XLHFOccurrence.OddPages))} " +
                $"{Quoted(page.Footer.Center.GetText(XLHFOccurrence.OddPages))} {Quoted(page.Footer.Right.GetText(XLHFOccurrence.OddPages))}");
            foreach (var name in sheet.NamedRanges)
            {
                Line($"  name {name.Name} {name.RefersTo}");
            }

            var lastColumn = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
            Line($"  widths {string.Join(' ', Enumerable.Range(1, lastColumn).Select(c => N(sheet.Column(c).Width)))}");
            Line($"  row 1 style {Style(sheet.Row(1).Style)}");
            foreach (var cell in sheet.CellsUsed())
            {
                var value = cell.DataType switch
                {
                    XLDataType.Text => Quoted(cell.GetString()),
                    XLDataType.Number => cell.GetDouble().ToString("R", CultureInfo.InvariantCulture),
                    XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                    _ => cell.GetString(),
                };
                var format = cell.Style.NumberFormat.Format.Length > 0 ? cell.Style.NumberFormat.Format : $"#{cell.Style.NumberFormat.NumberFormatId}";
                Line($"  {cell.Address} {cell.DataType} {value} [{format}] {Style(cell.Style)}");
            }
        }

        return text.ToString();
    }

    // A style's font and alignment, as the words of what differs from the default (Calibri 11, black, bottom, no wrap).
    private static string Style(IXLStyle style)
    {
        var words = new List<string>();
        if (style.Font.FontName != "Calibri")
        {
            words.Add(style.Font.FontName);
        }

        if (style.Font.FontSize != 11)
        {
            words.Add(style.Font.FontSize.ToString(CultureInfo.InvariantCulture) + "pt");
        }

        if (style.Font.Bold)
        {
            words.Add("bold");
        }

        if (style.Font.Italic)
        {
            words.Add("italic");
        }

        if (Color(style.Font.FontColor) is var color && color != "FF000000")
        {
            words.Add(color);
        }

        if (style.Alignment.WrapText)
        {
            words.Add("wrap");
        }

        if (style.Alignment.Vertical != XLAlignmentVerticalValues.Bottom)
        {
            words.Add(style.Alignment.Vertical.ToString());
        }

        if (style.Alignment.Horizontal != XLAlignmentHorizontalValues.General)
        {
            words.Add(style.Alignment.Horizontal.ToString());
        }

        if (style.Fill.PatternType != XLFillPatternValues.None)
        {
            words.Add("fill " + style.Fill.PatternType);
        }

        return words.Count == 0 ? "-" : string.Join(' ', words);
    }

    private static string Color(XLColor? color) => color is null || !color.HasValue ? "none"
        : color.ColorType == XLColorType.Color ? color.Color.ToArgb().ToString("X8", CultureInfo.InvariantCulture)
        : $"{color.ColorType} {color}";

    /// <summary>A stream that cannot seek or read, as an HTTP response or a blob upload may be.</summary>
    private sealed class ForwardOnly : Stream
    {
        private readonly MemoryStream _written = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public byte[] ToArray() => _written.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => _written.Write(buffer, offset, count);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void Approve(string name, string received)
    {
        var folder = Path.Combine(SourceFolder(), "Approved");
        var approvedPath = Path.Combine(folder, name);
        var receivedPath = Path.Combine(folder, Path.GetFileNameWithoutExtension(name) + ".received" + Path.GetExtension(name));
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : null;
        if (approved != received)
        {
            File.WriteAllText(receivedPath, received);
            Assert.Fail($"{name} differs from the approved reading; the received one is {receivedPath}.");
        }

        File.Delete(receivedPath);
    }

    private static string SourceFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
