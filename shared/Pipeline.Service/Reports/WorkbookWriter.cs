using System.Globalization;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>
/// <c>assessment.xlsx</c>: the figures of <c>assessment.json</c>, one sheet per scope kind, the alerts, and detail sheets
/// of the records behind them. Numbers are stored as numbers with display formats (a reader gets the unrounded figure),
/// a figure that is null in the JSON is an empty cell, and header rows are frozen. Every sheet is set up to print
/// (<see cref="HeaderFooter"/>). The file is written as a stream, row by row (<see cref="WorkbookPackage"/>): its memory
/// follows the rows being written, not the size of the workbook.
/// </summary>
public static class WorkbookWriter
{
    private const WorkbookStyle Percent = WorkbookStyle.Percent;
    private const WorkbookStyle Money = WorkbookStyle.Money;
    private const WorkbookStyle Whole = WorkbookStyle.Whole;
    private const WorkbookStyle Decimal2 = WorkbookStyle.Decimal2;
    private const WorkbookStyle DateTimeFormat = WorkbookStyle.DateTime;
    private const WorkbookStyle DateFormat = WorkbookStyle.Date;

    private static readonly string[] ScopeKinds = ["company", "department", "region", "employee"];
    private static readonly HashSet<string> ComplaintKpis =
        new(StringComparer.Ordinal) { ComplaintsFamily.ComplaintResolutionRate, ComplaintsFamily.ComplaintResolutionHours, ComplaintsFamily.ComplaintTimelyResponseRate };

    /// <summary>The workbook bytes, with sheet names and headers in <paramref name="text"/>'s language.</summary>
    public static byte[] Write(ReportInput input, ReportText text)
    {
        var buffer = new ChunkedBuffer();
        Write(input, text, buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Writes the workbook to <paramref name="output"/> (which need not seek), with sheet names and headers in
    /// <paramref name="text"/>'s language. The same input gives the same bytes.
    /// </summary>
    public static void Write(ReportInput input, ReportText text, Stream output)
    {
        var sheets = new List<WorkbookSheet>();
        if (input.Result.Provisional)
        {
            sheets.Add(Provisional(Name(sheets, text["provisional"]), input.Result, text));
        }

        foreach (var kind in ScopeKinds)
        {
            var scopes = input.Result.Scopes.Where(s => s.Scope == kind).ToList();
            if (scopes.Count > 0)
            {
                sheets.Add(Scopes(Name(sheets, text[kind]), scopes, text));
            }
        }

        Add(sheets, Scorecards(sheets, input.Result, text));
        sheets.Add(Alerts(Name(sheets, text["alerts"]), input.Result, text));
        Add(sheets, Complaints(sheets, input, text));
        Add(sheets, LowestResponses(sheets, input, text));
        Add(sheets, LargestExpenses(sheets, input, text));
        Add(sheets, CustomerFiles(sheets, input, text));
        Add(sheets, CorrectiveActions(sheets, input, text));
        WorkbookPackage.Write(output, sheets, input.Result.Provisional, PrintTitles, sheet => HeaderFooter(sheet, input.Result.Period, text));
    }

    private static void Add(List<WorkbookSheet> sheets, WorkbookSheet? sheet)
    {
        if (sheet is not null)
        {
            sheets.Add(sheet);
        }
    }

    // The first sheet of a provisional result's workbook, the one Excel opens on: what the figures are and are not.
    private static WorkbookSheet Provisional(string name, AssessmentResult result, ReportText text)
    {
        var title = $"{text["provisional"]} · {text.ToDate(result.Kind)} · {result.Period}";
        var notice = text.ProvisionalNotice(result);
        return new WorkbookSheet
        {
            Name = name, Columns = 1, Rows = 2, Widths = [120], TabColor = "FF9A6700",
            Fill = (i, row) => row.Put(1, i == 0 ? title : notice, i == 0 ? WorkbookStyle.Title : WorkbookStyle.Wrap),
        };
    }

    /// <summary>
    /// The columns a KPI's value takes on a scope sheet: its own (<see cref="KpiValue.Columns"/>), then those of each of
    /// its parts (<see cref="KpiValue.Parts"/>), headed with the part's name.
    /// </summary>
    private sealed record KpiColumns(string Kpi, IReadOnlyList<ValueColumn> Own, IReadOnlyList<(string Name, IReadOnlyList<ValueColumn> Columns)> Parts)
    {
        public static KpiColumns Of(string kpi, KpiValue value) =>
            new(kpi, value.Columns, [.. value.Parts.Select(part => (part.Name, part.Value.Columns))]);

        public IEnumerable<string> Headers(ReportText text)
        {
            var name = text[Kpi];
            string Header(IEnumerable<string> words) => string.Join(" · ", [name, .. words.Select(word => text[word])]);
            return Own.Select(column => Header(column.Label))
                .Concat(Parts.SelectMany(part => part.Columns.Select(column => Header([part.Name, .. column.Label]))));
        }

        // Puts the figures of a scope's value from column `at` on, and returns the column after them. Indexed loops: an
        // enumerator of an IReadOnlyList is an allocation, and this runs for every KPI of every row.
        public int Fill(SheetRow row, int at, KpiValue? value)
        {
            for (var c = 0; c < Own.Count; c++)
            {
                Put(row, at++, value, Own[c]);
            }

            for (var p = 0; p < Parts.Count; p++)
            {
                var (name, columns) = Parts[p];
                var part = value?.Part(name);
                for (var c = 0; c < columns.Count; c++)
                {
                    Put(row, at++, part, columns[c]);
                }
            }

            return at;
        }

        // A figure stays the type the value holds it in (a decimal is written with its digits); a null figure is no cell.
        private static void Put(SheetRow row, int at, KpiValue? value, ValueColumn column)
        {
            if (value is null)
            {
                return;
            }

            var figure = column.Read(value);
            var style = Style(column.Type);
            if (figure.Double is { } number)
            {
                row.Put(at, number, style);
            }
            else if (figure.Decimal is { } money)
            {
                row.Put(at, money, style);
            }
            else if (figure.Integer is { } whole)
            {
                row.Put(at, whole, style);
            }
            else
            {
                row.Put(at, figure.Text, style);
            }
        }
    }

    private static WorkbookSheet Scopes(string name, IReadOnlyList<ScopeResult> scopes, ReportText text)
    {
        // Every scope carries every KPI as the same kind of value, so the first scope decides the columns.
        var kpis = KpiCatalog.KpiNames.Where(scopes[0].Kpis.ContainsKey)
            .Select(kpi => KpiColumns.Of(kpi, scopes[0].Kpis[kpi]))
            .ToList();
        return Table(name, [text["id"], text["name"], text["score"], text["grade"], text["rank"], .. kpis.SelectMany(k => k.Headers(text))], frozenColumns: 2,
            scopes.Count, (i, row) =>
            {
                var scope = scopes[i];
                row.Put(1, scope.Id);
                row.Put(2, scope.Name);
                row.Put(3, scope.Score, Decimal2);
                row.Put(4, scope.Grade);
                row.Put(5, scope.Rank, Whole);
                var at = 6;
                foreach (var kpi in kpis)
                {
                    at = kpi.Fill(row, at, scope.Kpis.GetValueOrDefault(kpi.Kpi));
                }
            });
    }

    // How a workbook displays a column of each type.
    private static WorkbookStyle Style(ColumnType type) => type switch
    {
        ColumnType.Percent => Percent,
        ColumnType.Money => Money,
        ColumnType.Integer => Whole,
        ColumnType.Text => WorkbookStyle.Default,
        _ => Decimal2,
    };

    private static WorkbookSheet Alerts(string name, AssessmentResult result, ReportText text)
    {
        var kpis = result.Scopes.FirstOrDefault()?.Kpis;
        return Table(name, [text["scope"], text["id"], text["kpi"], text["value"], text["threshold"], $"{text["below"]} / {text["above"]}", text["records"]],
            frozenColumns: 0, result.Alerts.Count, (i, row) =>
            {
                var alert = result.Alerts[i];
                var format = kpis is not null && kpis.TryGetValue(alert.Kpi, out var sample) ? Style(sample.NumberType) : Decimal2;
                row.Put(1, text[alert.Scope]);
                row.Put(2, alert.Id);
                row.Put(3, text[alert.Kpi]);
                row.Put(4, alert.Value, format);
                row.Put(5, alert.Threshold, format);
                row.Put(6, text[alert.Direction]);
                row.Put(7, RecordList(alert.Records));
            });
    }

    /// <summary>
    /// The ids of an alert's records as one cell: a cell holds at most 32,767 characters, so a long list (every
    /// unresolved complaint of a large month) ends with how many more there are; the detail sheets hold them all.
    /// <paramref name="limit"/> is the most characters kept before the count.
    /// </summary>
    public static string RecordList(IReadOnlyList<string> ids, int limit = 32_000)
    {
        // The length first, so that the cell's text is made once at its size (an alert of a large month lists thousands).
        var length = 0;
        var kept = 0;
        for (; kept < ids.Count && length + (kept == 0 ? 0 : 2) + ids[kept].Length <= limit; kept++)
        {
            length += (kept == 0 ? 0 : 2) + ids[kept].Length;
        }

        var more = kept < ids.Count ? System.FormattableString.Invariant($" … (+{ids.Count - kept})") : "";
        return string.Create(length + more.Length, (ids, kept, more), static (span, state) =>
        {
            var at = 0;
            for (var i = 0; i < state.kept; i++)
            {
                if (i > 0)
                {
                    ", ".CopyTo(span[at..]);
                    at += 2;
                }

                state.ids[i].CopyTo(span[at..]);
                at += state.ids[i].Length;
            }

            state.more.CopyTo(span[at..]);
        });
    }

    private static WorkbookSheet? Complaints(List<WorkbookSheet> sheets, ReportInput input, ReportText text)
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
            return null;
        }

        return Table(Name(sheets, text["complaints"]),
        [
            text["id"], text["receivedAt"], text["category"], text["product"], text["region"], text["severity"], text["handler"],
            text["customer"], text["firstResponseAt"], text["resolvedAt"],
        ], frozenColumns: 0, listed.Count, (i, row) =>
        {
            var line = listed[i];
            row.Put(1, line.Id);
            row.Put(2, line.ReceivedAt, DateTimeFormat);
            row.Put(3, text[line.Category]);
            row.Put(4, line.Product);
            row.Put(5, line.Region);
            row.Put(6, text[line.Severity]);
            row.Put(7, line.HandlerId);
            row.Put(8, line.CustomerId);
            row.Put(9, line.FirstResponseAt, DateTimeFormat);
            row.Put(10, line.ResolvedAt, DateTimeFormat);
        });
    }

    private static WorkbookSheet? LowestResponses(List<WorkbookSheet> sheets, ReportInput input, ReportText text)
    {
        var rows = RecordsOf(input, text, SurveysFamily.SatisfactionIndex, scope => scope.State<SurveysState>().Lowest.Items);
        if (rows.Count == 0)
        {
            return null;
        }

        return Table(Name(sheets, text["lowestResponses"]), [text["scope"], text["id"], text["index"], text["comment"]], frozenColumns: 0, rows.Count, (i, row) =>
        {
            var (scope, response) = rows[i];
            row.Put(1, scope);
            row.Put(2, response.Id);
            row.Put(3, response.Index, Decimal2);
            row.Put(4, response.Comment);
        });
    }

    private static WorkbookSheet? LargestExpenses(List<WorkbookSheet> sheets, ReportInput input, ReportText text)
    {
        var rows = RecordsOf(input, text, ExpensesFamily.ExpenseControlRate, scope => scope.State<ExpensesState>().Largest.Items);
        if (rows.Count == 0)
        {
            return null;
        }

        return Table(Name(sheets, text["largestExpenses"]),
            [text["scope"], text["id"], text["date"], text["department"], text["category"], text["amount"], text["employee"]], frozenColumns: 0, rows.Count, (i, row) =>
            {
                var (scope, expense) = rows[i];
                row.Put(1, scope);
                row.Put(2, expense.Id);
                row.Put(3, expense.Date.ToDateTime(TimeOnly.MinValue), DateFormat);
                row.Put(4, expense.Department);
                row.Put(5, expense.Category);
                row.Put(6, expense.Amount, Money);
                row.Put(7, expense.EmployeeId);
            });
    }

    // How every score was made: one row per scope × scorecard entry (CONTRACT §6), with the score, grade and coefficient,
    // and the award the scope won (on each of its rows, as in assessment.csv).
    private static WorkbookSheet? Scorecards(List<WorkbookSheet> sheets, AssessmentResult result, ReportText text)
    {
        var rows = result.Scopes.Where(s => s.Scorecard is not null).SelectMany(s => s.Scorecard!.Select(line => (Scope: s, Line: line))).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        // Each awarded scope's awards, joined once (a scope has a row per scorecard entry, and the rows are filled twice).
        var awards = result.Awards
            .GroupBy(a => (Scope: a.Award == "bestDepartment" ? "department" : "employee", a.Id))
            .ToDictionary(g => g.Key, g => string.Join(text.IsEnglish ? "; " : "；", g.Select(a => text[a.Award])));
        string? AwardOf(ScopeResult scope) => awards.GetValueOrDefault((scope.Scope, scope.Id));

        return Table(Name(sheets, text["scoreMade"]),
        [
            text["scope"], text["id"], text["name"], text["kpi"], text["weight"], text["goal"], text["value"], text["points"], text["appliedWeight"],
            text["score"], text["grade"], text["bonusCoefficient"], text["awards"],
        ], frozenColumns: 3, rows.Count, (i, row) =>
        {
            var (scope, line) = rows[i];
            row.Put(1, text[scope.Scope]);
            row.Put(2, scope.Id);
            row.Put(3, scope.Name);
            row.Put(4, text[line.Kpi] + (line.Direction == "lower" ? " ↓" : ""));
            row.Put(5, line.Weight, Decimal2);
            row.Put(6, line.Goal, Decimal2);
            row.Put(7, line.Value, Decimal2);
            row.Put(8, line.Points, Decimal2);
            row.Put(9, line.AppliedWeight, Percent);
            row.Put(10, scope.Score, Decimal2);
            row.Put(11, scope.Grade);
            row.Put(12, scope.BonusCoefficient, Decimal2);
            row.Put(13, AwardOf(scope));
        });
    }

    // The customer file audit: one row per active file, ids and flags only (never a name or the content of a file).
    private static WorkbookSheet? CustomerFiles(List<WorkbookSheet> sheets, ReportInput input, ReportText text)
    {
        var files = input.Detail<CustomerFileDetail>().Files.Items;
        if (files.Count == 0)
        {
            return null;
        }

        var notCurrent = input.FiguresOf("company", "company").State<CustomerCurrencyState>().NotCurrent(input.Context).ToHashSet(StringComparer.Ordinal);
        return Table(Name(sheets, text["customerFiles"]),
            [text["customer"], text["grade"], text["keeper"], text["department"], text["region"], text["missingParts"], text["approved"], text["updatedOn"], text["notCurrent"]],
            frozenColumns: 1, files.Count, (i, row) =>
            {
                var file = files[i];
                row.Put(1, file.Id);
                row.Put(2, file.Grade);
                row.Put(3, file.KeeperId);
                row.Put(4, file.Department);
                row.Put(5, file.Region);
                row.Put(6, string.Join(text.IsEnglish ? ", " : "、", file.Missing.Select(part => text[part])));
                row.Put(7, text[file.Approved ? "yes" : "no"]);
                row.Put(8, file.UpdatedOn?.ToDateTime(TimeOnly.MinValue), DateFormat);
                row.Put(9, text[notCurrent.Contains(file.Id) ? "yes" : "no"]);
            });
    }

    private static WorkbookSheet? CorrectiveActions(List<WorkbookSheet> sheets, ReportInput input, ReportText text)
    {
        var actions = input.Detail<CorrectiveActionDetail>().Actions.Items;
        if (actions.Count == 0)
        {
            return null;
        }

        return Table(Name(sheets, text["actionsDue"]),
            [text["id"], text["kpi"], text["scope"], text["id"], text["department"], text["owner"], text["raisedOn"], text["dueDate"], text["closedOn"], text["state"]],
            frozenColumns: 1, actions.Count, (i, row) =>
            {
                var action = actions[i];
                row.Put(1, action.Id);
                row.Put(2, action.Kpi is null ? null : text[action.Kpi]);
                row.Put(3, action.Scope is null ? null : text[action.Scope]);
                row.Put(4, action.ScopeId);
                row.Put(5, action.Department);
                row.Put(6, action.OwnerId);
                row.Put(7, action.RaisedOn.ToDateTime(TimeOnly.MinValue), DateFormat);
                row.Put(8, action.DueDate.ToDateTime(TimeOnly.MinValue), DateFormat);
                row.Put(9, action.ClosedOn?.ToDateTime(TimeOnly.MinValue), DateFormat);
                row.Put(10, AssessmentHtml.State(action, text));
            });
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

    // A sheet's name as Excel allows it: at most 31 characters, none of : \ / ? * [ ], unique ignoring case.
    private static string Name(List<WorkbookSheet> sheets, string wanted)
    {
        var name = new string(wanted.Select(c => ":\\/?*[]".Contains(c) ? '-' : c).ToArray()).Trim('\'');
        name = name.Length == 0 ? "Sheet" : name[..Math.Min(name.Length, 31)];
        var unique = name;
        for (var n = 2; sheets.Any(s => string.Equals(s.Name, unique, StringComparison.OrdinalIgnoreCase)); n++)
        {
            var suffix = $" ({n})";
            unique = name[..Math.Min(name.Length, 31 - suffix.Length)] + suffix;
        }

        return unique;
    }

    // A sheet of a header row (bold, wrapped, top-aligned) and rows under it, the header row frozen with the first
    // frozenColumns columns. Its columns are as wide as the texts written (WorkbookSheet.MeasureWidths), not measured with
    // fonts: ClosedXML 0.95, which wrote the workbook before, measured with System.Drawing (GDI+), which Linux hosts lack.
    private static WorkbookSheet Table(string name, IReadOnlyList<string> headers, int frozenColumns, int rows, Action<int, SheetRow> fill) =>
        new() { Name = name, Headers = headers, Columns = headers.Count, FrozenColumns = frozenColumns, Rows = rows, Fill = fill };

    /// <summary>
    /// How a sheet prints: landscape A4 (the company's paper), one page wide and as many pages tall as its rows need, with
    /// what is frozen on screen (the header row, and the id and name columns of a scope sheet) repeated on every page,
    /// gridlines so that small print can be followed along a row, and the report's title, the sheet and the period at the
    /// top and the page number at the foot, in the report's language. A sheet too wide to fit one page even at the
    /// smallest scale a spreadsheet prints at (Excel stops at 10 %) runs onto a few pages across, each with those columns.
    /// Excel's "Normal" margins are kept (a bottom margin narrower than the footer would print the footer over the last
    /// rows), and a header and footer that keep their size however small the sheet is printed (Excel honours this;
    /// LibreOffice scales them with the sheet all the same). <see cref="WorkbookPackage"/> writes the fixed part.
    /// </summary>
    private static (string Left, string Center, string Right, string Footer) HeaderFooter(WorkbookSheet sheet, string period, ReportText text) =>
    (
        HeaderFooterText(text["assessmentTitle"]),
        HeaderFooterText(sheet.Name),
        HeaderFooterText($"{text["period"]} {period}"),
        string.Format(CultureInfo.InvariantCulture, HeaderFooterText(text["pageOf"]), "&P", "&N")
    );

    // The rows and columns to repeat on every page, as Excel writes them ('Sheet'!$A:$B,'Sheet'!$1:$1): LibreOffice takes
    // no other form (Sheet!1:1, without the quotes and dollars, is not read as print titles).
    private static string PrintTitles(WorkbookSheet sheet)
    {
        var quoted = $"'{sheet.Name.Replace("'", "''", StringComparison.Ordinal)}'!";
        return sheet.FrozenColumns > 0
            ? $"{quoted}$A:${WorkbookPackage.ColumnLetters(sheet.FrozenColumns)},{quoted}$1:$1"
            : $"{quoted}$1:$1";
    }

    // Excel reads '&' in a header or footer as the start of a code (&P is the page number); a literal one is written '&&'.
    private static string HeaderFooterText(string literal) => literal.Replace("&", "&&", StringComparison.Ordinal);
}
