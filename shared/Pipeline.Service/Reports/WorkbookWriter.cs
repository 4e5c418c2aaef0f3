using System.Globalization;
using ClosedXML.Excel;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>
/// <c>assessment.xlsx</c>: the figures of <c>assessment.json</c>, one sheet per scope kind, the alerts, and detail sheets
/// of the records behind them. Numbers are stored as numbers with display formats (a reader gets the unrounded figure),
/// a figure that is null in the JSON is an empty cell, and header rows are frozen. Every sheet is set up to print
/// (<see cref="PrintSetup"/>).
/// </summary>
public static class WorkbookWriter
{
    private const string Percent = "0.0%";
    private const string Money = "#,##0.00";
    private const string Whole = "0";
    private const string Decimal2 = "0.00";
    private const string DateTimeFormat = "yyyy-mm-dd hh:mm";
    private const string DateFormat = "yyyy-mm-dd";

    private static readonly string[] ScopeKinds = ["company", "department", "region", "employee"];
    private static readonly string[] Categories = ["quality", "service"];
    private static readonly HashSet<string> ComplaintKpis =
        new(StringComparer.Ordinal) { ComplaintsFamily.ComplaintResolutionRate, ComplaintsFamily.ComplaintResolutionHours, ComplaintsFamily.ComplaintTimelyResponseRate };

    /// <summary>The workbook bytes, with sheet names and headers in <paramref name="text"/>'s language.</summary>
    public static byte[] Write(ReportInput input, ReportText text)
    {
        using var workbook = new XLWorkbook();
        workbook.CustomProperties.Add("provisional", input.Result.Provisional);
        if (input.Result.Provisional)
        {
            WriteProvisional(Sheet(workbook, text["provisional"]), input.Result, text);
        }

        foreach (var kind in ScopeKinds)
        {
            var scopes = input.Result.Scopes.Where(s => s.Scope == kind).ToList();
            if (scopes.Count > 0)
            {
                WriteScopes(Sheet(workbook, text[kind]), scopes, text);
            }
        }

        WriteScorecards(workbook, input.Result, text);
        WriteAlerts(Sheet(workbook, text["alerts"]), input.Result, text);
        WriteComplaints(workbook, input, text);
        WriteLowestResponses(workbook, input, text);
        WriteLargestExpenses(workbook, input, text);
        WriteCustomerFiles(workbook, input, text);
        WriteCorrectiveActions(workbook, input, text);
        foreach (var sheet in workbook.Worksheets)
        {
            PrintSetup(sheet, input.Result.Period, text);
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    // The first sheet of a provisional result's workbook, the one Excel opens on: what the figures are and are not.
    private static void WriteProvisional(IXLWorksheet sheet, AssessmentResult result, ReportText text)
    {
        var title = sheet.Cell(1, 1).SetValue($"{text["provisional"]} · {text.ToDate(result.Kind)} · {result.Period}");
        title.Style.Font.Bold = true;
        title.Style.Font.FontSize = 14;
        title.Style.Font.FontColor = XLColor.FromHtml("#9A6700");
        sheet.Cell(2, 1).SetValue(text.ProvisionalNotice(result));
        sheet.Column(1).Width = 120;
        sheet.Cell(2, 1).Style.Alignment.WrapText = true;
        sheet.SetTabColor(XLColor.FromHtml("#9A6700"));
    }

    /// <summary>A number column of a scope sheet: its header, display format and the figure of a KPI value.</summary>
    private sealed record Part(string Header, string Format, Func<KpiValue, object?> Value);

    private static void WriteScopes(IXLWorksheet sheet, IReadOnlyList<ScopeResult> scopes, ReportText text)
    {
        // Every scope carries every KPI as the same kind of value, so the first scope decides the columns.
        var columns = KpiCatalog.KpiNames.Where(scopes[0].Kpis.ContainsKey)
            .SelectMany(kpi => Parts(kpi, scopes[0].Kpis[kpi], text).Select(part => (Kpi: kpi, Part: part)))
            .ToList();
        Header(sheet, [text["id"], text["name"], text["score"], text["grade"], text["rank"], .. columns.Select(c => c.Part.Header)]);
        for (var i = 0; i < scopes.Count; i++)
        {
            var scope = scopes[i];
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), scope.Id);
            Put(row.Cell(2), scope.Name);
            Put(row.Cell(3), scope.Score, Decimal2);
            Put(row.Cell(4), scope.Grade);
            Put(row.Cell(5), scope.Rank, Whole);
            for (var c = 0; c < columns.Count; c++)
            {
                var (kpi, part) = columns[c];
                Put(row.Cell(c + 6), scope.Kpis.TryGetValue(kpi, out var value) ? part.Value(value) : null, part.Format);
            }
        }

        Finish(sheet, frozenColumns: 2);
    }

    private static IEnumerable<Part> Parts(string kpi, KpiValue value, ReportText text)
    {
        var name = text[kpi];
        string Of(params string[] words) => string.Join(" · ", [name, .. words]);
        Part Low(string format) => new(Of(text["interval"], text["low"]), format,
            v => v switch { CountRateValue r => r.CiLow, IntervalMeanValue m => m.CiLow, _ => null });
        Part High(string format) => new(Of(text["interval"], text["high"]), format,
            v => v switch { CountRateValue r => r.CiHigh, IntervalMeanValue m => m.CiHigh, _ => null });
        Part N(string header) => new(header, Whole, v => v.Observations);

        switch (value)
        {
            case AmountValue:
                yield return new Part(name, Money, v => (v as AmountValue)?.Value);
                break;
            case CountValue:
                yield return new Part(name, Whole, v => (v as CountValue)?.Value);
                break;
            case ComplaintCountValue:
                yield return new Part(name, Whole, v => (v as ComplaintCountValue)?.Value);
                foreach (var category in Categories)
                {
                    yield return new Part(Of(text[category]), Whole,
                        v => v is ComplaintCountValue c && c.ByCategory.TryGetValue(category, out var count) ? count : null);
                }

                break;
            case VisitCountValue:
                yield return new Part(name, Whole, v => (v as VisitCountValue)?.Value);
                foreach (var type in VisitsFamily.Types)
                {
                    yield return new Part(Of(text[type]), Whole, v => v is VisitCountValue c && c.ByType.TryGetValue(type, out var count) ? count : null);
                }

                break;
            case AmountCountValue:
                yield return new Part(name, Money, v => (v as AmountCountValue)?.Value);
                yield return new Part(Of(text["count"]), Whole, v => (v as AmountCountValue)?.Count);
                break;
            case OverdueValue:
                yield return new Part(name, Money, v => (v as OverdueValue)?.Value);
                yield return new Part(Of(text["count"]), Whole, v => (v as OverdueValue)?.Count);
                foreach (var age in ReceivablesFamily.AgeBuckets)
                {
                    yield return new Part(Of(text[age]), Money, v => v is OverdueValue o && o.ByAge.TryGetValue(age, out var balance) ? balance : null);
                }

                break;
            case RateValue:
                yield return new Part(name, Percent, v => (v as RateValue)?.Value);
                yield return new Part(Of(text["numerator"]), Money, v => (v as RateValue)?.Numerator);
                yield return new Part(Of(text["denominator"]), Money, v => (v as RateValue)?.Denominator);
                break;
            case CountRateValue:
                yield return new Part(name, Percent, v => (v as CountRateValue)?.Value);
                yield return new Part(Of(text["numerator"]), Whole, v => (v as CountRateValue)?.Numerator);
                yield return new Part(Of(text["denominator"]), Whole, v => (v as CountRateValue)?.Denominator);
                yield return Low(Percent);
                yield return High(Percent);
                break;
            case IntervalMeanValue:
                yield return new Part(name, Decimal2, v => (v as IntervalMeanValue)?.Value);
                yield return N(Of(text["n"]));
                yield return Low(Decimal2);
                yield return High(Decimal2);
                break;
            case MeanValue:
                yield return new Part(name, Decimal2, v => (v as MeanValue)?.Value);
                yield return N(Of(text["n"]));
                break;
            case HoursValue:
                yield return new Part(name, Decimal2, v => (v as HoursValue)?.Value);
                yield return new Part(Of("P90"), Decimal2, v => (v as HoursValue)?.P90);
                yield return N(Of(text["n"]));
                break;
            case DimensionsValue:
                for (var i = 0; i < SurveysFamily.Dimensions.Count; i++)
                {
                    var at = i;
                    var dimension = SurveysFamily.Dimensions[at];
                    yield return new Part(Of(text[dimension]), Decimal2, v => v is DimensionsValue d ? d.All[at].Mean.Value : null);
                    yield return new Part(Of(text[dimension], text["n"]), Whole, v => v is DimensionsValue d ? d.All[at].Mean.N : null);
                }

                break;
            default:
                yield return new Part(name, Decimal2, v => v.Number);
                break;
        }
    }

    private static void WriteAlerts(IXLWorksheet sheet, AssessmentResult result, ReportText text)
    {
        Header(sheet, [text["scope"], text["id"], text["kpi"], text["value"], text["threshold"], $"{text["below"]} / {text["above"]}", text["records"]]);
        var kpis = result.Scopes.FirstOrDefault()?.Kpis;
        for (var i = 0; i < result.Alerts.Count; i++)
        {
            var alert = result.Alerts[i];
            var format = kpis is not null && kpis.TryGetValue(alert.Kpi, out var sample) ? ValueFormat(sample) : Decimal2;
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), text[alert.Scope]);
            Put(row.Cell(2), alert.Id);
            Put(row.Cell(3), text[alert.Kpi]);
            Put(row.Cell(4), alert.Value, format);
            Put(row.Cell(5), alert.Threshold, format);
            Put(row.Cell(6), text[alert.Direction]);
            Put(row.Cell(7), RecordList(alert.Records));
        }

        Finish(sheet, frozenColumns: 0);
    }

    /// <summary>
    /// The ids of an alert's records as one cell: a cell holds at most 32,767 characters, so a long list (every
    /// unresolved complaint of a large month) ends with how many more there are; the detail sheets hold them all.
    /// <paramref name="limit"/> is the most characters kept before the count.
    /// </summary>
    public static string RecordList(IReadOnlyList<string> ids, int limit = 32_000)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < ids.Count; i++)
        {
            var next = (i == 0 ? "" : ", ") + ids[i];
            if (text.Length + next.Length > limit)
            {
                return text.Append(System.FormattableString.Invariant($" … (+{ids.Count - i})")).ToString();
            }

            text.Append(next);
        }

        return text.ToString();
    }

    private static string ValueFormat(KpiValue value) => value switch
    {
        RateValue or CountRateValue => Percent,
        AmountValue => Money,
        CountValue or ComplaintCountValue => Whole,
        _ => Decimal2,
    };

    private static void WriteComplaints(XLWorkbook workbook, ReportInput input, ReportText text)
    {
        var lines = new Dictionary<string, ComplaintLine>(StringComparer.Ordinal);
        var detail = input.Detail<ComplaintDetail>();
        foreach (var line in detail.Unresolved.Items.Concat(detail.Late.Items))
        {
            lines.TryAdd(line.Id, line);
        }

        var listed = input.Result.Alerts.Where(a => ComplaintKpis.Contains(a.Kpi))
            .SelectMany(a => a.Records).Distinct(StringComparer.Ordinal)
            .Select(id => lines.GetValueOrDefault(id)).OfType<ComplaintLine>()
            .ToList();
        if (listed.Count == 0)
        {
            return;
        }

        var sheet = Sheet(workbook, text["complaints"]);
        Header(sheet,
        [
            text["id"], text["receivedAt"], text["category"], text["product"], text["region"], text["severity"], text["handler"],
            text["customer"], text["firstResponseAt"], text["resolvedAt"],
        ]);
        for (var i = 0; i < listed.Count; i++)
        {
            var line = listed[i];
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), line.Id);
            Put(row.Cell(2), line.ReceivedAt, DateTimeFormat);
            Put(row.Cell(3), text[line.Category]);
            Put(row.Cell(4), line.Product);
            Put(row.Cell(5), line.Region);
            Put(row.Cell(6), text[line.Severity]);
            Put(row.Cell(7), line.HandlerId);
            Put(row.Cell(8), line.CustomerId);
            Put(row.Cell(9), line.FirstResponseAt, DateTimeFormat);
            Put(row.Cell(10), line.ResolvedAt, DateTimeFormat);
        }

        Finish(sheet, frozenColumns: 0);
    }

    private static void WriteLowestResponses(XLWorkbook workbook, ReportInput input, ReportText text)
    {
        var rows = RecordsOf(input, text, SurveysFamily.SatisfactionIndex, scope => scope.State<SurveysState>().Lowest.Items);
        if (rows.Count == 0)
        {
            return;
        }

        var sheet = Sheet(workbook, text["lowestResponses"]);
        Header(sheet, [text["scope"], text["id"], text["index"], text["comment"]]);
        for (var i = 0; i < rows.Count; i++)
        {
            var (scope, response) = rows[i];
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), scope);
            Put(row.Cell(2), response.Id);
            Put(row.Cell(3), response.Index, Decimal2);
            Put(row.Cell(4), response.Comment);
        }

        Finish(sheet, frozenColumns: 0);
    }

    private static void WriteLargestExpenses(XLWorkbook workbook, ReportInput input, ReportText text)
    {
        var rows = RecordsOf(input, text, ExpensesFamily.ExpenseControlRate, scope => scope.State<ExpensesState>().Largest.Items);
        if (rows.Count == 0)
        {
            return;
        }

        var sheet = Sheet(workbook, text["largestExpenses"]);
        Header(sheet, [text["scope"], text["id"], text["date"], text["department"], text["category"], text["amount"], text["employee"]]);
        for (var i = 0; i < rows.Count; i++)
        {
            var (scope, expense) = rows[i];
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), scope);
            Put(row.Cell(2), expense.Id);
            Put(row.Cell(3), expense.Date.ToDateTime(TimeOnly.MinValue), DateFormat);
            Put(row.Cell(4), expense.Department);
            Put(row.Cell(5), expense.Category);
            Put(row.Cell(6), expense.Amount, Money);
            Put(row.Cell(7), expense.EmployeeId);
        }

        Finish(sheet, frozenColumns: 0);
    }

    // How every score was made: one row per scope × scorecard entry (CONTRACT §6), with the score, grade and coefficient,
    // and the award the scope won (on each of its rows, as in assessment.csv).
    private static void WriteScorecards(XLWorkbook workbook, AssessmentResult result, ReportText text)
    {
        var rows = result.Scopes.Where(s => s.Scorecard is not null).SelectMany(s => s.Scorecard!.Select(line => (Scope: s, Line: line))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        string? AwardOf(ScopeResult scope) => string.Join(text.IsEnglish ? "; " : "；", result.Awards
            .Where(a => a.Id == scope.Id && scope.Scope == (a.Award == "bestDepartment" ? "department" : "employee"))
            .Select(a => text[a.Award]));

        var sheet = Sheet(workbook, text["scoreMade"]);
        Header(sheet,
        [
            text["scope"], text["id"], text["name"], text["kpi"], text["weight"], text["goal"], text["value"], text["points"], text["appliedWeight"],
            text["score"], text["grade"], text["bonusCoefficient"], text["awards"],
        ]);
        for (var i = 0; i < rows.Count; i++)
        {
            var (scope, line) = rows[i];
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), text[scope.Scope]);
            Put(row.Cell(2), scope.Id);
            Put(row.Cell(3), scope.Name);
            Put(row.Cell(4), text[line.Kpi] + (line.Direction == "lower" ? " ↓" : ""));
            Put(row.Cell(5), line.Weight, Decimal2);
            Put(row.Cell(6), line.Goal, Decimal2);
            Put(row.Cell(7), line.Value, Decimal2);
            Put(row.Cell(8), line.Points, Decimal2);
            Put(row.Cell(9), line.AppliedWeight, Percent);
            Put(row.Cell(10), scope.Score, Decimal2);
            Put(row.Cell(11), scope.Grade);
            Put(row.Cell(12), scope.BonusCoefficient, Decimal2);
            Put(row.Cell(13), AwardOf(scope));
        }

        Finish(sheet, frozenColumns: 3);
    }

    // The customer file audit: one row per active file, ids and flags only (never a name or the content of a file).
    private static void WriteCustomerFiles(XLWorkbook workbook, ReportInput input, ReportText text)
    {
        var files = input.Detail<CustomerFileDetail>().Files.Items;
        if (files.Count == 0)
        {
            return;
        }

        var notCurrent = input.FiguresOf("company", "company").State<CustomerCurrencyState>().NotCurrent(input.Context).ToHashSet(StringComparer.Ordinal);
        var sheet = Sheet(workbook, text["customerFiles"]);
        Header(sheet, [text["customer"], text["grade"], text["keeper"], text["department"], text["region"], text["missingParts"], text["approved"], text["updatedOn"], text["notCurrent"]]);
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), file.Id);
            Put(row.Cell(2), file.Grade);
            Put(row.Cell(3), file.KeeperId);
            Put(row.Cell(4), file.Department);
            Put(row.Cell(5), file.Region);
            Put(row.Cell(6), string.Join(text.IsEnglish ? ", " : "、", file.Missing.Select(part => text[part])));
            Put(row.Cell(7), text[file.Approved ? "yes" : "no"]);
            Put(row.Cell(8), file.UpdatedOn?.ToDateTime(TimeOnly.MinValue), DateFormat);
            Put(row.Cell(9), text[notCurrent.Contains(file.Id) ? "yes" : "no"]);
        }

        Finish(sheet, frozenColumns: 1);
    }

    private static void WriteCorrectiveActions(XLWorkbook workbook, ReportInput input, ReportText text)
    {
        var actions = input.Detail<CorrectiveActionDetail>().Actions.Items;
        if (actions.Count == 0)
        {
            return;
        }

        var sheet = Sheet(workbook, text["actionsDue"]);
        Header(sheet, [text["id"], text["kpi"], text["scope"], text["id"], text["department"], text["owner"], text["raisedOn"], text["dueDate"], text["closedOn"], text["state"]]);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            var row = sheet.Row(i + 2);
            Put(row.Cell(1), action.Id);
            Put(row.Cell(2), action.Kpi is null ? null : text[action.Kpi]);
            Put(row.Cell(3), action.Scope is null ? null : text[action.Scope]);
            Put(row.Cell(4), action.ScopeId);
            Put(row.Cell(5), action.Department);
            Put(row.Cell(6), action.OwnerId);
            Put(row.Cell(7), action.RaisedOn.ToDateTime(TimeOnly.MinValue), DateFormat);
            Put(row.Cell(8), action.DueDate.ToDateTime(TimeOnly.MinValue), DateFormat);
            Put(row.Cell(9), action.ClosedOn?.ToDateTime(TimeOnly.MinValue), DateFormat);
            Put(row.Cell(10), AssessmentHtml.State(action, text));
        }

        Finish(sheet, frozenColumns: 1);
    }

    /// <summary>The records behind each alert on <paramref name="kpi"/>, with the scope they were listed for (kind · id).</summary>
    private static List<(string Scope, T Record)> RecordsOf<T>(
        ReportInput input, ReportText text, string kpi, Func<ScopeFigures, IEnumerable<T>> records)
    {
        var figures = input.Figures.ToDictionary(f => (f.Key.KindName, f.Key.Id));
        return input.Result.Alerts.Where(a => a.Kpi == kpi)
            .SelectMany(alert => figures.TryGetValue((alert.Scope, alert.Id), out var scope)
                ? records(scope).Select(record => ($"{text[alert.Scope]} · {alert.Id}", record))
                : [])
            .ToList();
    }

    private static IXLWorksheet Sheet(XLWorkbook workbook, string wanted)
    {
        // Excel: at most 31 characters, none of : \ / ? * [ ], unique ignoring case.
        var name = new string(wanted.Select(c => ":\\/?*[]".Contains(c) ? '-' : c).ToArray()).Trim('\'');
        name = name.Length == 0 ? "Sheet" : name[..Math.Min(name.Length, 31)];
        var unique = name;
        for (var n = 2; workbook.Worksheets.Any(s => string.Equals(s.Name, unique, StringComparison.OrdinalIgnoreCase)); n++)
        {
            var suffix = $" ({n})";
            unique = name[..Math.Min(name.Length, 31 - suffix.Length)] + suffix;
        }

        return workbook.Worksheets.Add(unique);
    }

    private static void Header(IXLWorksheet sheet, IReadOnlyList<string> headers)
    {
        for (var c = 0; c < headers.Count; c++)
        {
            sheet.Cell(1, c + 1).SetValue(headers[c]);
        }

        var row = sheet.Row(1);
        row.Style.Font.Bold = true;
        row.Style.Alignment.WrapText = true;
        row.Style.Alignment.Vertical = XLAlignmentVerticalValues.Top;
    }

    private static void Finish(IXLWorksheet sheet, int frozenColumns)
    {
        if (frozenColumns > 0)
        {
            sheet.SheetView.Freeze(1, frozenColumns);
        }
        else
        {
            sheet.SheetView.FreezeRows(1);
        }

        // Widths from the texts written, not AdjustToContents: ClosedXML 0.95 measures with System.Drawing (GDI+),
        // which Linux hosts lack. Headers wrap, so they count for at most 24 characters.
        foreach (var column in sheet.ColumnsUsed())
        {
            var width = column.CellsUsed().Take(500).Max(cell => Math.Min(DisplayWidth(cell), cell.Address.RowNumber == 1 ? 24 : 60));
            column.Width = Math.Max(8, width + 2);
        }
    }

    /// <summary>
    /// How a sheet prints: landscape A4 (the company's paper), one page wide and as many pages tall as its rows need, with
    /// what is frozen on screen (the header row, and the id and name columns of a scope sheet) repeated on every page,
    /// gridlines so that small print can be followed along a row, and the report's title, the sheet and the period at the
    /// top and the page number at the foot, in the report's language. A sheet too wide to fit one page even at the
    /// smallest scale a spreadsheet prints at (Excel stops at 10 %) runs onto a few pages across, each with those columns.
    /// </summary>
    private static void PrintSetup(IXLWorksheet sheet, string period, ReportText text)
    {
        var page = sheet.PageSetup;
        page.PageOrientation = XLPageOrientation.Landscape;
        page.PaperSize = XLPaperSize.A4Paper;
        page.FitToPages(1, 0);
        page.ShowGridlines = true;

        // Excel's "Normal" margins (ClosedXML's default bottom margin, 0.5 in, is narrower than its footer's 0.75 in, so
        // the footer would print over the last rows), and a header and footer that keep their size however small the
        // sheet is printed (Excel honours this; LibreOffice scales them with the sheet all the same).
        page.Margins.SetTop(0.75).SetBottom(0.75).SetLeft(0.7).SetRight(0.7).SetHeader(0.3).SetFooter(0.3);
        page.ScaleHFWithDocument = false;

        // The rows and columns to repeat, as Excel writes them ('Sheet'!$A:$B,'Sheet'!$1:$1). ClosedXML 0.95's
        // SetRowsToRepeatAtTop writes Sheet!1:1, without the quotes and dollars, which LibreOffice does not take as
        // print titles; a sheet-scoped name of the same built-in name is written as given, and read back by ClosedXML.
        var quoted = $"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!";
        var frozenColumns = sheet.SheetView.SplitColumn;
        var titles = frozenColumns > 0
            ? $"{quoted}$A:${XLHelper.GetColumnLetterFromNumber(frozenColumns)},{quoted}$1:$1"
            : $"{quoted}$1:$1";
        sheet.NamedRanges.Add("_xlnm.Print_Titles", titles);

        page.Header.Left.AddText(HeaderFooterText(text["assessmentTitle"]));
        page.Header.Center.AddText(HeaderFooterText(sheet.Name));
        page.Header.Right.AddText(HeaderFooterText($"{text["period"]} {period}"));
        page.Footer.Center.AddText(string.Format(CultureInfo.InvariantCulture, HeaderFooterText(text["pageOf"]), "&P", "&N"));
    }

    // Excel reads '&' in a header or footer as the start of a code (&P is the page number); a literal one is written '&&'.
    private static string HeaderFooterText(string literal) => literal.Replace("&", "&&", StringComparison.Ordinal);

    /// <summary>Roughly how many character widths a cell shows; CJK characters are two wide.</summary>
    private static int DisplayWidth(IXLCell cell)
    {
        var format = cell.Style.NumberFormat.Format;
        var shown = cell.DataType switch
        {
            XLDataType.DateTime => format,
            // The formats written here mean the same in .NET as in Excel.
            XLDataType.Number => cell.GetDouble().ToString(format.Length > 0 ? format : "0.##", CultureInfo.InvariantCulture),
            _ => cell.GetString(),
        };
        return shown.Sum(c => c >= '\u2E80' ? 2 : 1);
    }

    private static void Put(IXLCell cell, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            cell.SetValue(value);
        }
    }

    private static void Put(IXLCell cell, object? value, string format)
    {
        if (value is null || (value is double number && !double.IsFinite(number)))
        {
            return;
        }

        // The format first: ClosedXML gives a date-time without one a default date format.
        cell.Style.NumberFormat.Format = format;
        switch (value)
        {
            case double d:
                cell.SetValue(d);
                break;
            case decimal m:
                cell.SetValue(m);
                break;
            case long l:
                cell.SetValue(l);
                break;
            case int i:
                cell.SetValue(i);
                break;
            case DateTime t:
                cell.SetValue(t);
                break;
            default:
                throw new ArgumentException($"Not a number or date: {value.GetType().Name}.", nameof(value));
        }
    }
}
