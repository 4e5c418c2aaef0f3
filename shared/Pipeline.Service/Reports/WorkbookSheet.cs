using System.Globalization;

namespace Pipeline.Reports;

/// <summary>
/// The look of a cell: a figure's display format, or a text's font and alignment. Each is one entry of the workbook's
/// stylesheet (<see cref="WorkbookPackage"/>), in this order.
/// </summary>
internal enum WorkbookStyle
{
    Default,
    Title,
    Wrap,
    Header,
    Money,
    Percent,
    Whole,
    Decimal2,
    DateTime,
    Date,
}

/// <summary>
/// One sheet of the workbook, described rather than built: its header row, what is frozen, and how to fill each of its
/// <see cref="Rows"/> data rows from the report's input (which is in memory already). The sheet is written row by row
/// from <see cref="Fill"/>, twice over its first rows: once to size the columns, whose widths come before the rows in the
/// file, and once to write them.
/// </summary>
internal sealed class WorkbookSheet
{
    /// <summary>The sheet's name, already made valid and unique in the workbook.</summary>
    public required string Name { get; init; }

    /// <summary>The header row (bold, wrapped, top-aligned, frozen); none for a sheet without one.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>How many columns the rows fill: the headers', unless the sheet has none.</summary>
    public int Columns { get; init; }

    /// <summary>The columns frozen beside the header row (the id and name of a scope sheet).</summary>
    public int FrozenColumns { get; init; }

    /// <summary>The rows under the header row.</summary>
    public required int Rows { get; init; }

    /// <summary>Fills data row <c>i</c> (from 0) into a cleared <see cref="SheetRow"/>.</summary>
    public required Action<int, SheetRow> Fill { get; init; }

    /// <summary>The sheet tab's colour (ARGB hex), if any.</summary>
    public string? TabColor { get; init; }

    /// <summary>Fixed column widths, instead of widths measured from the texts.</summary>
    public IReadOnlyList<double>? Widths { get; init; }

    /// <summary>The first row of data: under the header row, if the sheet has one.</summary>
    public int FirstDataRow => Headers.Count > 0 ? 2 : 1;

    /// <summary>
    /// Each column's width in characters, from the texts written as a spreadsheet shows them (numbers in their display
    /// format, dates as wide as their format, CJK characters two wide): the widest of the column's first 500 cells that
    /// are not empty, the header counting for at most 24 characters (it wraps) and a value for at most 60, plus 2, at
    /// least 8. A column with nothing in it keeps the default width (null).
    /// </summary>
    public double?[] MeasureWidths()
    {
        var columns = Math.Max(Columns, Headers.Count);
        if (Widths is not null)
        {
            return [.. Enumerable.Range(0, columns).Select(c => c < Widths.Count ? Widths[c] : (double?)null)];
        }

        const int Sample = 500;
        var widest = new int[columns];
        var counted = new int[columns];
        for (var c = 0; c < Headers.Count; c++)
        {
            if (Headers[c].Length > 0)
            {
                widest[c] = Math.Min(DisplayWidth(Headers[c].AsSpan()), 24);
                counted[c] = 1;
            }
        }

        var row = new SheetRow(columns);
        var full = counted.Count(n => n >= Sample);
        for (var i = 0; i < Rows && full < columns; i++)
        {
            row.Clear();
            Fill(i, row);
            for (var c = 0; c < columns; c++)
            {
                ref readonly var cell = ref row[c];
                if (cell.Kind == SheetCellKind.Empty || counted[c] >= Sample)
                {
                    continue;
                }

                widest[c] = Math.Max(widest[c], Math.Min(DisplayWidth(cell), 60));
                if (++counted[c] == Sample)
                {
                    full++;
                }
            }
        }

        return [.. Enumerable.Range(0, columns).Select(c => counted[c] == 0 ? (double?)null : Math.Max(8, widest[c] + 2))];
    }

    /// <summary>Roughly how many character widths a text shows; CJK characters are two wide.</summary>
    private static int DisplayWidth(ReadOnlySpan<char> shown)
    {
        var width = 0;
        foreach (var c in shown)
        {
            width += c >= '\u2E80' ? 2 : 1;
        }

        return width;
    }

    private static int DisplayWidth(in SheetCell cell)
    {
        if (cell.Kind == SheetCellKind.Text)
        {
            return DisplayWidth(cell.Text!.AsSpan());
        }

        var format = WorkbookPackage.FormatCode(cell.Style);
        if (cell.Kind == SheetCellKind.Date)
        {
            return DisplayWidth(format.AsSpan());
        }

        // A spreadsheet shows the number it reads back from the file, in the cell's format (which means the same in .NET);
        // both are formatted on the stack, for the first rows of every column.
        Span<char> written = stackalloc char[64];
        Span<char> shown = stackalloc char[128];
        var number = cell.Written(written, out var length)
            ? double.Parse(written[..length], NumberStyles.Float, CultureInfo.InvariantCulture)
            : double.Parse(cell.Written(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return number.TryFormat(shown, out var count, format, CultureInfo.InvariantCulture)
            ? DisplayWidth(shown[..count])
            : DisplayWidth(number.ToString(format, CultureInfo.InvariantCulture).AsSpan());
    }
}

/// <summary>What a cell holds.</summary>
internal enum SheetCellKind : byte
{
    Empty,
    Text,
    Double,
    Decimal,
    Integer,
    Date,
}

/// <summary>One cell of the row being written: its value, kept as the type it came as so that it is written as before.</summary>
internal readonly struct SheetCell
{
    private static readonly string[] SmallIntegers = [.. Enumerable.Range(0, 1024).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    public SheetCellKind Kind { get; init; }

    public WorkbookStyle Style { get; init; }

    public string? Text { get; init; }

    public double Double { get; init; }

    public decimal Decimal { get; init; }

    public long Integer { get; init; }

    /// <summary>
    /// The number as the file holds it: a double to 15 significant digits (as Excel shows and ClosedXML wrote), a decimal
    /// with its own digits, a date as its OLE Automation date (days since 1899-12-30).
    /// </summary>
    public string Written() => Kind switch
    {
        SheetCellKind.Double or SheetCellKind.Date => Double.ToString("G15", CultureInfo.InvariantCulture),
        SheetCellKind.Decimal => Decimal.ToString(CultureInfo.InvariantCulture),
        SheetCellKind.Integer => Integer is >= 0 and < 1024 ? SmallIntegers[Integer] : Integer.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"A {Kind} cell has no number."),
    };

    /// <summary>The number as the file holds it, into <paramref name="destination"/>; false if it does not fit.</summary>
    public bool Written(Span<char> destination, out int length) => Kind switch
    {
        SheetCellKind.Double or SheetCellKind.Date => Double.TryFormat(destination, out length, "G15", CultureInfo.InvariantCulture),
        SheetCellKind.Decimal => Decimal.TryFormat(destination, out length, default, CultureInfo.InvariantCulture),
        SheetCellKind.Integer => Integer.TryFormat(destination, out length, default, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"A {Kind} cell has no number."),
    };
}

/// <summary>The cells of one row, filled by column number (from 1, as a spreadsheet counts them) and reused row after row.</summary>
internal sealed class SheetRow(int columns)
{
    /// <summary>The most characters a cell holds (Excel's limit).</summary>
    public const int MaxText = 32_767;

    private readonly SheetCell[] _cells = new SheetCell[columns];

    /// <summary>The cell of a column counted from 0.</summary>
    public ref readonly SheetCell this[int index] => ref _cells[index];

    public int Count => _cells.Length;

    public void Clear() => Array.Clear(_cells);

    /// <summary>A text; none if null or empty. A text with a line break wraps.</summary>
    public void Put(int column, string? value, WorkbookStyle style = WorkbookStyle.Default)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.Length > MaxText)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Cells can hold a maximum of 32,767 characters.");
        }

        var wraps = style == WorkbookStyle.Default && value.Contains('\n', StringComparison.Ordinal);
        _cells[column - 1] = new SheetCell { Kind = SheetCellKind.Text, Style = wraps ? WorkbookStyle.Wrap : style, Text = value };
    }

    /// <summary>A number in a display format; none if null, NaN or infinite.</summary>
    public void Put(int column, double? value, WorkbookStyle format)
    {
        if (value is { } number && double.IsFinite(number))
        {
            _cells[column - 1] = new SheetCell { Kind = SheetCellKind.Double, Style = format, Double = number };
        }
    }

    public void Put(int column, decimal? value, WorkbookStyle format)
    {
        if (value is { } number)
        {
            _cells[column - 1] = new SheetCell { Kind = SheetCellKind.Decimal, Style = format, Decimal = number };
        }
    }

    public void Put(int column, long? value, WorkbookStyle format)
    {
        if (value is { } number)
        {
            _cells[column - 1] = new SheetCell { Kind = SheetCellKind.Integer, Style = format, Integer = number };
        }
    }

    /// <summary>A date and time in a date format, stored as the serial number a spreadsheet keeps dates as.</summary>
    public void Put(int column, DateTime? value, WorkbookStyle format)
    {
        if (value is { } date)
        {
            _cells[column - 1] = new SheetCell { Kind = SheetCellKind.Date, Style = format, Double = date.ToOADate() };
        }
    }
}
