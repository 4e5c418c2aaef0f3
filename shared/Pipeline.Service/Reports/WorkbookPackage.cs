using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.CustomProperties;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.VariantTypes;

namespace Pipeline.Reports;

/// <summary>
/// Writes an .xlsx package as a stream: each part is a zip entry written once, in order, the worksheets row by row with
/// Open XML SDK's SAX writer (<see cref="OpenXmlWriter"/>), so that what is held in memory is one row and the zip's
/// buffers, never a sheet. The package parts (content types, relationships) are written here rather than through
/// <c>SpreadsheetDocument</c>: SDK 2.x opens its package for reading and writing, and System.IO.Packaging then keeps
/// every part uncompressed in memory until the package is closed (dotnet/Open-XML-SDK#807).
/// The same input gives the same bytes, whatever the stream: relationship ids and part names are fixed, every entry
/// carries the same time, the zip is written forward only, and no creation time or core properties are written.
/// </summary>
internal static class WorkbookPackage
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string DocumentRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";

    // A fixed time for every entry (the earliest a zip can say), so that the same workbook is the same bytes.
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // The display formats, in WorkbookStyle's order from Money on; custom formats are numbered from 164.
    private static readonly string[] FormatCodes = ["#,##0.00", "0.0%", "0", "0.00", "yyyy-mm-dd hh:mm", "yyyy-mm-dd"];
    private const int FirstCustomFormat = 164;

    /// <summary>The display format of a figure's style (as Excel writes it; the same codes mean the same in .NET).</summary>
    public static string FormatCode(WorkbookStyle style) => style >= WorkbookStyle.Money
        ? FormatCodes[style - WorkbookStyle.Money]
        : throw new ArgumentOutOfRangeException(nameof(style), style, "Not a figure's style.");

    /// <summary>Writes the workbook of <paramref name="sheets"/> to <paramref name="output"/> (which need not seek).</summary>
    public static void Write(Stream output, IReadOnlyList<WorkbookSheet> sheets, bool provisional, Func<WorkbookSheet, string> printTitles,
        Func<WorkbookSheet, (string Left, string Center, string Right, string Footer)> headerFooter)
    {
        using var zip = new ZipArchive(new ForwardOnlyStream(output), ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        Xml(zip, "[Content_Types].xml", writer => ContentTypes(writer, sheets.Count));
        Xml(zip, "_rels/.rels", writer => Relationships(writer,
        [
            ("rId1", "officeDocument", "xl/workbook.xml"),
            ("rId2", "custom-properties", "docProps/custom.xml"),
        ]));
        Part(zip, "docProps/custom.xml", writer => writer.WriteElement(CustomProperties(provisional)));
        Part(zip, "xl/workbook.xml", writer => writer.WriteElement(WorkbookElement(sheets, printTitles)));
        Xml(zip, "xl/_rels/workbook.xml.rels", writer => Relationships(writer,
        [
            .. sheets.Select((_, i) => ($"rId{i + 1}", "worksheet", $"worksheets/sheet{i + 1}.xml")),
            ($"rId{sheets.Count + 1}", "styles", "styles.xml"),
        ]));
        Part(zip, "xl/styles.xml", writer => writer.WriteElement(StylesheetElement()));
        for (var i = 0; i < sheets.Count; i++)
        {
            var sheet = sheets[i];
            Part(zip, $"xl/worksheets/sheet{i + 1}.xml", writer => WriteWorksheet(writer, sheet, headerFooter(sheet)));
        }
    }

    private static Stream Entry(ZipArchive zip, string name)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        return entry.Open();
    }

    // A part of SpreadsheetML (or the document properties), written with the SDK's writer.
    private static void Part(ZipArchive zip, string name, Action<OpenXmlWriter> write)
    {
        using var stream = Entry(zip, name);
        using var writer = OpenXmlWriter.Create(stream);
        writer.WriteStartDocument(true);
        write(writer);
    }

    // A part of the package itself (content types, relationships), which the SDK has no elements for.
    private static void Xml(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        using var stream = Entry(zip, name);
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        writer.WriteStartDocument(true);
        write(writer);
        writer.WriteEndDocument();
    }

    private static void ContentTypes(XmlWriter writer, int sheets)
    {
        const string Ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        const string Office = "application/vnd.openxmlformats-officedocument.";
        writer.WriteStartElement("Types", Ns);
        void Default(string extension, string type)
        {
            writer.WriteStartElement("Default", Ns);
            writer.WriteAttributeString("Extension", extension);
            writer.WriteAttributeString("ContentType", type);
            writer.WriteEndElement();
        }

        void Override(string part, string type)
        {
            writer.WriteStartElement("Override", Ns);
            writer.WriteAttributeString("PartName", part);
            writer.WriteAttributeString("ContentType", Office + type);
            writer.WriteEndElement();
        }

        Default("rels", "application/vnd.openxmlformats-package.relationships+xml");
        Default("xml", "application/xml");
        Override("/xl/workbook.xml", "spreadsheetml.sheet.main+xml");
        for (var i = 1; i <= sheets; i++)
        {
            Override($"/xl/worksheets/sheet{i}.xml", "spreadsheetml.worksheet+xml");
        }

        Override("/xl/styles.xml", "spreadsheetml.styles+xml");
        Override("/docProps/custom.xml", "custom-properties+xml");
        writer.WriteEndElement();
    }

    private static void Relationships(XmlWriter writer, IEnumerable<(string Id, string Type, string Target)> relationships)
    {
        const string Ns = "http://schemas.openxmlformats.org/package/2006/relationships";
        writer.WriteStartElement("Relationships", Ns);
        foreach (var (id, type, target) in relationships)
        {
            writer.WriteStartElement("Relationship", Ns);
            writer.WriteAttributeString("Id", id);
            writer.WriteAttributeString("Type", DocumentRelationships + type);
            writer.WriteAttributeString("Target", target);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static Properties CustomProperties(bool provisional)
    {
        var properties = new Properties(new CustomDocumentProperty(new VTBool(provisional ? "true" : "false"))
        {
            FormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", PropertyId = 2, Name = "provisional",
        });
        properties.AddNamespaceDeclaration("vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
        return properties;
    }

    private static Workbook WorkbookElement(IReadOnlyList<WorkbookSheet> sheets, Func<WorkbookSheet, string> printTitles)
    {
        var workbook = new Workbook(
            new BookViews(new WorkbookView()),
            new Sheets(sheets.Select((sheet, i) => new Sheet { Name = sheet.Name, SheetId = (uint)(i + 1), Id = $"rId{i + 1}" })),
            new DefinedNames(sheets.Select((sheet, i) => new DefinedName(printTitles(sheet)) { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i })));
        workbook.AddNamespaceDeclaration("r", RelationshipNs);
        return workbook;
    }

    // One cell format (xf) per WorkbookStyle, in its order, over three fonts: the default, the provisional sheet's title,
    // and the header's bold.
    private static Stylesheet StylesheetElement()
    {
        static Font Font(bool bold, double size, string color)
        {
            var font = new Font();
            if (bold)
            {
                font.Append(new Bold());
            }

            font.Append(new FontSize { Val = size }, new Color { Rgb = color }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
            return font;
        }

        static CellFormat Format(uint font = 0, uint numberFormat = 0, bool wrap = false, bool top = false)
        {
            var format = new CellFormat { NumberFormatId = numberFormat, FontId = font, FillId = 0, BorderId = 0, FormatId = 0 };
            if (numberFormat != 0)
            {
                format.ApplyNumberFormat = true;
            }

            if (font != 0)
            {
                format.ApplyFont = true;
            }

            if (wrap || top)
            {
                format.ApplyAlignment = true;
                format.Append(new Alignment { WrapText = wrap ? true : null, Vertical = top ? VerticalAlignmentValues.Top : null });
            }

            return format;
        }

        var formats = new List<CellFormat>();
        foreach (var style in Enum.GetValues<WorkbookStyle>())
        {
            formats.Add(style switch
            {
                WorkbookStyle.Default => Format(),
                WorkbookStyle.Title => Format(font: 1),
                WorkbookStyle.Wrap => Format(wrap: true),
                WorkbookStyle.Header => Format(font: 2, wrap: true, top: true),
                _ => Format(numberFormat: (uint)(FirstCustomFormat + (style - WorkbookStyle.Money))),
            });
        }

        return new Stylesheet(
            new NumberingFormats(FormatCodes.Select((code, i) => new NumberingFormat { NumberFormatId = (uint)(FirstCustomFormat + i), FormatCode = code }))
            {
                Count = (uint)FormatCodes.Length,
            },
            new Fonts(Font(false, 11, "FF000000"), Font(true, 14, "FF9A6700"), Font(true, 11, "FF000000")) { Count = 3 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(formats) { Count = (uint)formats.Count },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    /// <summary>A column's letters: 1 is A, 27 is AA.</summary>
    public static string ColumnLetters(int column)
    {
        var letters = "";
        for (; column > 0; column = (column - 1) / 26)
        {
            letters = (char)('A' + ((column - 1) % 26)) + letters;
        }

        return letters;
    }

    private static void WriteWorksheet(OpenXmlWriter writer, WorkbookSheet sheet, (string Left, string Center, string Right, string Footer) headerFooter)
    {
        var widths = sheet.MeasureWidths();
        var columns = widths.Length;
        var letters = Enumerable.Range(1, columns).Select(ColumnLetters).ToArray();
        var lastRow = sheet.FirstDataRow + sheet.Rows - 1;

        writer.WriteStartElement(new Worksheet());
        var properties = new SheetProperties();
        if (sheet.TabColor is not null)
        {
            properties.Append(new TabColor { Rgb = sheet.TabColor });
        }

        properties.Append(new PageSetupProperties { FitToPage = true });
        writer.WriteElement(properties);
        writer.WriteElement(new SheetDimension { Reference = lastRow >= 1 && columns >= 1 ? $"A1:{letters[^1]}{lastRow}" : "A1" });
        var view = new SheetView { WorkbookViewId = 0 };
        if (sheet.Headers.Count > 0)
        {
            // The header row, and the id and name columns of a scope sheet, stay in view (as ClosedXML froze them).
            var frozen = sheet.FrozenColumns;
            view.Append(new Pane
            {
                HorizontalSplit = frozen > 0 ? frozen : null,
                VerticalSplit = 1,
                TopLeftCell = $"{ColumnLetters(frozen + 1)}2",
                ActivePane = frozen > 0 ? PaneValues.BottomRight : PaneValues.BottomLeft,
                State = PaneStateValues.FrozenSplit,
            });
        }

        writer.WriteElement(new SheetViews(view));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        if (ColumnWidths(widths) is { } cols)
        {
            writer.WriteElement(cols);
        }

        writer.WriteStartElement(new SheetData());
        var cells = new CellWriter(writer, letters);
        if (sheet.Headers.Count > 0)
        {
            var header = new SheetRow(columns);
            for (var c = 0; c < sheet.Headers.Count; c++)
            {
                header.Put(c + 1, sheet.Headers[c], WorkbookStyle.Header);
            }

            cells.Row(1, header, WorkbookStyle.Header);
        }

        var row = new SheetRow(columns);
        for (var i = 0; i < sheet.Rows; i++)
        {
            row.Clear();
            sheet.Fill(i, row);
            cells.Row(sheet.FirstDataRow + i, row, null);
        }

        writer.WriteEndElement();

        // How the sheet prints (see WorkbookWriter.HeaderFooter): landscape A4, one page wide, gridlines, Excel's Normal margins.
        writer.WriteElement(new PrintOptions { GridLines = true });
        writer.WriteElement(new PageMargins { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup { PaperSize = 9, FitToHeight = 0, Orientation = OrientationValues.Landscape });
        var (left, center, right, footer) = headerFooter;
        writer.WriteElement(new HeaderFooter(new OddHeader($"&L{left}&C{center}&R{right}"), new OddFooter($"&C{footer}")) { ScaleWithDoc = false });
        writer.WriteEndElement();
    }

    // Column widths as ClosedXML wrote them: its width in characters plus 0.710625 (which it takes off again when reading),
    // neighbouring columns of the same width as one range.
    private static Columns? ColumnWidths(double?[] widths)
    {
        const double Padding = 0.710625;
        var columns = new Columns();
        for (var start = 0; start < widths.Length;)
        {
            var end = start;
            while (end + 1 < widths.Length && widths[end + 1] == widths[start])
            {
                end++;
            }

            if (widths[start] is { } width)
            {
                columns.Append(new Column { Min = (uint)(start + 1), Max = (uint)(end + 1), Width = width + Padding, CustomWidth = true });
            }

            start = end + 1;
        }

        return columns.HasChildren ? columns : null;
    }

    /// <summary>
    /// Writes rows of cells with as little as possible made per cell: the elements and attribute list are reused, and a
    /// cell's own strings are its reference and, for a number, the number as written.
    /// </summary>
    private sealed class CellWriter(OpenXmlWriter writer, string[] letters)
    {
        private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef");
        private static readonly string[] StyleIndexes = [.. Enum.GetValues<WorkbookStyle>().Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))];

        private readonly Row _row = new();
        private readonly Cell _cell = new();
        private readonly CellValue _value = new();
        private readonly InlineString _inline = new();
        private readonly Text _text = new();
        private readonly Attributes _attributes = new();

        public void Row(int number, SheetRow row, WorkbookStyle? rowStyle)
        {
            var reference = number.ToString(CultureInfo.InvariantCulture);
            _attributes.Clear().Add("r", reference);
            if (rowStyle is { } style)
            {
                _attributes.Add("s", StyleIndexes[(int)style]).Add("customFormat", "1");
            }

            writer.WriteStartElement(_row, _attributes);
            for (var c = 0; c < row.Count; c++)
            {
                ref readonly var cell = ref row[c];
                if (cell.Kind == SheetCellKind.Empty)
                {
                    continue;
                }

                _attributes.Clear().Add("r", string.Concat(letters[c], reference));
                if (cell.Style != WorkbookStyle.Default)
                {
                    _attributes.Add("s", StyleIndexes[(int)cell.Style]);
                }

                if (cell.Kind == SheetCellKind.Text)
                {
                    _attributes.Add("t", "inlineStr");
                    writer.WriteStartElement(_cell, _attributes);
                    writer.WriteStartElement(_inline);
                    var text = cell.Text!;
                    if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
                    {
                        writer.WriteStartElement(_text, _attributes.Clear().Add("xml", "space", XmlNs, "preserve"));
                    }
                    else
                    {
                        writer.WriteStartElement(_text);
                    }

                    writer.WriteString(Encode(text));
                    writer.WriteEndElement();
                    writer.WriteEndElement();
                }
                else
                {
                    writer.WriteStartElement(_cell, _attributes);
                    writer.WriteStartElement(_value);
                    writer.WriteString(cell.Written());
                    writer.WriteEndElement();
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        /// <summary>
        /// A text as SpreadsheetML holds it: a character XML cannot carry as <c>_xHHHH_</c>, and the underscore of a literal
        /// <c>_xHHHH_</c> escaped as <c>_x005F_</c> so that it is not read as one (as ClosedXML wrote them).
        /// </summary>
        private static string Encode(string text)
        {
            if (!NeedsEncoding(text))
            {
                return text;
            }

            var encoded = new StringBuilder(text.Length + 16);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (IsSurrogatePair(text, i))
                {
                    encoded.Append(c).Append(text[++i]);
                }
                else if (!XmlConvert.IsXmlChar(c))
                {
                    encoded.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
                }
                else if (IsEscape(text, i))
                {
                    encoded.Append("_x005F_");
                }
                else
                {
                    encoded.Append(c);
                }
            }

            return encoded.ToString();
        }

        private static bool NeedsEncoding(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (IsSurrogatePair(text, i))
                {
                    i++;
                }
                else if (!XmlConvert.IsXmlChar(text[i]) || IsEscape(text, i))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSurrogatePair(string text, int i) =>
            char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

        // _xHHHH_ at i: what a reader takes for an escaped character.
        private static bool IsEscape(string text, int i) =>
            text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_' && !text.AsSpan(i + 2, 4).ContainsAnyExcept(HexDigits);
    }

    /// <summary>
    /// The attributes of the element being written, as a list the writer enumerates without a new enumerator per element.
    /// </summary>
    private sealed class Attributes : IEnumerable<OpenXmlAttribute>, IEnumerator<OpenXmlAttribute>
    {
        private readonly OpenXmlAttribute[] _items = new OpenXmlAttribute[4];
        private int _count;
        private int _at = -1;

        public OpenXmlAttribute Current => _items[_at];

        object System.Collections.IEnumerator.Current => Current;

        public Attributes Clear()
        {
            _count = 0;
            return this;
        }

        public Attributes Add(string name, string value) => Add("", name, "", value);

        public Attributes Add(string prefix, string name, string ns, string value)
        {
            _items[_count++] = new OpenXmlAttribute(prefix, name, ns, value);
            return this;
        }

        public IEnumerator<OpenXmlAttribute> GetEnumerator()
        {
            _at = -1;
            return this;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public bool MoveNext() => ++_at < _count;

        public void Reset() => _at = -1;

        public void Dispose()
        {
        }
    }
}
