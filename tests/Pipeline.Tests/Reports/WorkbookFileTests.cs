using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using Pipeline.Reports;

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
