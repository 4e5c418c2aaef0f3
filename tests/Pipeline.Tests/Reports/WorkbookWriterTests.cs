using System.Text.Json;
using System.Text.Json.Nodes;
using ClosedXML.Excel;
using MiniExcelLibs;
using Pipeline.Assessment;
using Pipeline.Records;
using Pipeline.Kpis;
using Pipeline.Reports;
using static Pipeline.Tests.Assessment.Build;
using Pipeline.Runs;
using Pipeline.Kpis.Families;

namespace Pipeline.Tests.Reports;

/// <summary>
/// <c>assessment.xlsx</c> read back with a different library (MiniExcel) than the one that wrote it, and compared with
/// the assessment JSON; ClosedXML reopens it only for what MiniExcel does not expose (frozen panes, number formats).
/// </summary>
public sealed class WorkbookWriterTests
{
    private const double Tolerance = 1e-9;

    private static (AssessmentResult Result, ReportInput Input) Month()
    {
        var engine = Engine("2026-11", null, Employee("E1", "sales", "east"), Employee("E2", "sales", "west"), Employee("E3", "service", "east"));
        engine.Add(Target("company", "company", sales: 10000, budget: 500));
        engine.Add(Target("department", "sales", sales: 8000, newCustomers: 3, budget: 400));
        engine.Add(Target("employee", "E1", sales: 5000));

        engine.Add(Sale("S1", "E1", 4200.50m, "K1", grossProfit: 900, newProduct: true, newCustomer: true));
        engine.Add(Sale("S2", "E2", 1800m, "K2", newCustomer: true));
        engine.Add(Sale("S3", "E1", -200m, "K1"));

        // 420 + 260.40 = 680.40: over the sales department's 400 and the company's 500.
        engine.Add(new Expense("X1", Day("2026-11-03"), "sales", "travel", 420m, "E1", null));
        engine.Add(new Expense("X2", Day("2026-11-09"), "sales", "advertising", 260.40m, null, "west"));

        // C1 timely and resolved; C2 late (24 h + 1 s); C3 no response and unresolved; C4 resolved after the cut-off.
        engine.Add(Complaint("C1", "2026-11-02T09:00:00+08:00", "quality", firstResponseAt: "2026-11-03T09:00:00+08:00",
            resolvedAt: "2026-11-04T09:00:00+08:00", followUp: 4, handler: "E3", region: "east"));
        engine.Add(Complaint("C2", "2026-11-02T09:00:00+08:00", firstResponseAt: "2026-11-03T09:00:01+08:00",
            resolvedAt: "2026-11-20T18:30:00+08:00", followUp: 2, handler: "E3"));
        engine.Add(Complaint("C3", "2026-11-10T10:00:00+08:00", "quality", handler: "E3", region: "east"));
        engine.Add(Complaint("C4", "2026-11-30T23:30:00+08:00", firstResponseAt: "2026-12-01T01:00:00+08:00",
            resolvedAt: "2026-12-01T05:30:00+08:00", handler: "E3"));

        engine.Add(new Survey("V1", Day("2026-11-10"), "K1", "periodic", 2, 3, 3, 2, 2, 5, "E1", null, null, "P1", "Delivery was late"));
        engine.Add(new Survey("V2", Day("2026-11-11"), "K2", "periodic", 4, 4, 3, 4, 4, 8, "E2", null, null, "P1", null));
        engine.Add(new Survey("V3", Day("2026-11-12"), "K3", "periodic", 3, 2, 4, 3, 3, 6, "E1", null, null, "P2", "No one called back"));
        engine.Add(new Survey("V4", Day("2026-11-20"), "K1", "followUp", null, 2, null, 3, 3, 7, "E3", null, null, null, null));

        engine.Add(new Inquiry("Q1", At("2026-11-03T09:00:00+08:00"), null, "service", "E3", At("2026-11-03T10:00:00+08:00")));
        engine.Add(new Inquiry("Q2", At("2026-11-03T09:00:00+08:00"), null, "service", "E3", null));
        engine.Add(new ServiceTicket("T1", At("2026-11-03T09:00:00+08:00"), "repair", null, "service", "E3", At("2026-11-03T12:00:00+08:00"), null, "pass"));
        engine.Add(new ResearchTask("R1", Day("2026-11-05"), null, "marketing", null, Day("2026-11-30")));
        engine.Add(new Campaign("M1", Day("2026-11-01"), Day("2026-11-30"), "marketing", null, 1000, 800, 100, 150, 10, 5));

        var result = engine.Complete("run-1", At("2026-12-01T02:00:00+08:00"));
        var input = new ReportInput(result, engine.Details, engine.Figures(),
            new Dictionary<string, IReadOnlyList<(string, JsonObject)>>(), engine.Context);
        return (result, input);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void Every_scope_row_holds_the_figures_of_the_assessment_json(string culture)
    {
        var text = ReportText.For(culture);
        var (result, input) = Month();
        var bytes = WorkbookWriter.Write(input, text);
        var json = JsonSerializer.SerializeToNode(result, AssessmentStore.Json)!;
        var scopes = json["scopes"]!.AsArray().Select(s => s!.AsObject()).ToList();

        foreach (var kind in scopes.Select(s => (string)s["scope"]!).Distinct())
        {
            var ofKind = scopes.Where(s => (string)s["scope"]! == kind).ToList();
            var (headers, rows) = Read(bytes, text[kind]);
            Assert.Equal(ofKind.Count, rows.Count);

            // The columns are exactly id, name, score, grade, rank, then one per figure of every KPI.
            Assert.Equal([text["id"], text["name"], text["score"], text["grade"], text["rank"]], headers.Take(5));
            var figureHeaders = KpiCatalog.KpiNames.SelectMany(kpi => Figures(kpi, ofKind[0]["kpis"]![kpi]!.AsObject(), text)).Select(f => f.Header);
            Assert.Equal(figureHeaders.Order(StringComparer.Ordinal), headers.Skip(5).Order(StringComparer.Ordinal));

            foreach (var scope in ofKind)
            {
                var id = (string)scope["id"]!;
                var row = Assert.Single(rows, r => r[text["id"]] as string == id);
                Assert.Equal((string)scope["name"]!, row[text["name"]]);
                Assert.Equal((string?)scope["grade"], row[text["grade"]]);
                AssertNumber(scope["score"], row[text["score"]], $"{kind} {id} score");
                AssertNumber(scope["rank"], row[text["rank"]], $"{kind} {id} rank");
                foreach (var kpi in KpiCatalog.KpiNames)
                {
                    foreach (var (header, expected) in Figures(kpi, scope["kpis"]![kpi]!.AsObject(), text))
                    {
                        AssertNumber(expected, row[header], $"{kind} {id} {header}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Figures_are_stored_as_numbers_never_as_text()
    {
        var (result, input) = Month();
        var text = ReportText.Chinese;
        var bytes = WorkbookWriter.Write(input, text);
        var textColumns = new[] { text["id"], text["name"], text["grade"] };
        var cells = 0;
        foreach (var kind in result.Scopes.Select(s => s.Scope).Distinct())
        {
            var (headers, rows) = Read(bytes, text[kind]);
            foreach (var row in rows)
            {
                foreach (var header in headers.Except(textColumns))
                {
                    Assert.True(row[header] is null or double, $"{kind} {row[text["id"]]} {header}: {row[header]?.GetType().Name}");
                    cells += row[header] is double ? 1 : 0;
                }
            }
        }

        Assert.True(cells > 100, $"only {cells} numeric cells");
    }

    [Fact]
    public void The_alerts_sheet_lists_each_alert_with_its_records()
    {
        var (result, input) = Month();
        var text = ReportText.Chinese;
        var (_, rows) = Read(WorkbookWriter.Write(input, text), text["alerts"]);

        Assert.NotEmpty(result.Alerts);
        Assert.Equal(result.Alerts.Count, rows.Count);
        foreach (var (alert, row) in result.Alerts.Zip(rows))
        {
            Assert.Equal(text[alert.Scope], row[text["scope"]]);
            Assert.Equal(alert.Id, row[text["id"]]);
            Assert.Equal(text[alert.Kpi], row[text["kpi"]]);
            Assert.Equal(alert.Value, Assert.IsType<double>(row[text["value"]]), Tolerance);
            Assert.Equal(alert.Threshold, Assert.IsType<double>(row[text["threshold"]]), Tolerance);
            Assert.Equal(text[alert.Direction], row[$"{text["below"]} / {text["above"]}"]);
            Assert.Equal(alert.Records.Count == 0 ? null : string.Join(", ", alert.Records), row[text["records"]]);
        }
    }

    [Fact]
    public void The_complaint_sheet_holds_exactly_the_unresolved_and_late_complaints_of_the_alerts()
    {
        var (result, input) = Month();
        var text = ReportText.Chinese;
        var (_, rows) = Read(WorkbookWriter.Write(input, text), text["complaints"]);

        var complaintKpis = new[] { ComplaintsFamily.ComplaintResolutionRate, ComplaintsFamily.ComplaintResolutionHours, ComplaintsFamily.ComplaintTimelyResponseRate };
        var alerted = result.Alerts.Where(a => complaintKpis.Contains(a.Kpi)).SelectMany(a => a.Records).ToHashSet();
        var detail = input.Detail<ComplaintDetail>();
        var unresolvedOrLate = detail.Unresolved.Items.Concat(detail.Late.Items).Select(l => l.Id).ToHashSet();
        Assert.Equal(["C2", "C3", "C4"], alerted.Order());
        Assert.Equal(unresolvedOrLate.Order(), alerted.Order());
        Assert.Equal(alerted.Order(), rows.Select(r => (string)r[text["id"]]!).Order());

        // Times are real date-times (local to the company), not text.
        var c3 = rows.Single(r => (string)r[text["id"]]! == "C3");
        Assert.Equal(new DateTime(2026, 11, 10, 10, 0, 0), Assert.IsType<DateTime>(c3[text["receivedAt"]]));
        Assert.Null(c3[text["firstResponseAt"]]);
        var c4 = rows.Single(r => (string)r[text["id"]]! == "C4");
        Assert.Equal(new DateTime(2026, 12, 1, 5, 30, 0), Assert.IsType<DateTime>(c4[text["resolvedAt"]]));
    }

    [Fact]
    public void Detail_sheets_list_the_lowest_responses_and_largest_expenses_behind_their_alerts()
    {
        var (result, input) = Month();
        var text = ReportText.Chinese;
        var bytes = WorkbookWriter.Write(input, text);

        var (_, responses) = Read(bytes, text["lowestResponses"]);
        var satisfaction = result.Alerts.Where(a => a.Kpi == SurveysFamily.SatisfactionIndex).ToList();
        Assert.NotEmpty(satisfaction);
        Assert.Equal(satisfaction.SelectMany(a => a.Records), responses.Select(r => (string)r[text["id"]]!));
        var v1 = responses.First(r => (string)r[text["id"]]! == "V1");
        Assert.Equal(EngineIndexOf("V1", input), Assert.IsType<double>(v1[text["index"]]), Tolerance);
        Assert.Equal("Delivery was late", v1[text["comment"]]);

        var (_, expenses) = Read(bytes, text["largestExpenses"]);
        var expense = result.Alerts.Where(a => a.Kpi == ExpensesFamily.ExpenseControlRate).ToList();
        Assert.Equal(2, expense.Count); // the company and the sales department
        Assert.Equal(expense.SelectMany(a => a.Records), expenses.Select(r => (string)r[text["id"]]!));
        var x2 = expenses.First(r => (string)r[text["id"]]! == "X2");
        Assert.Equal(260.40, Assert.IsType<double>(x2[text["amount"]]), Tolerance);
        Assert.Equal(new DateTime(2026, 11, 9), Assert.IsType<DateTime>(x2[text["date"]]));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void The_scorecard_sheet_has_a_row_per_scope_and_entry_with_the_scopes_grade_coefficient_and_award(string culture)
    {
        var text = ReportText.For(culture);
        var input = ReportSamples.Input();
        var result = input.Result;
        var (_, rows) = Read(WorkbookWriter.Write(input, text), text["scoreMade"]);

        var expected = result.Scopes.Where(s => s.Scorecard is not null).SelectMany(s => s.Scorecard!.Select(line => (Scope: s, Line: line))).ToList();
        Assert.NotEmpty(result.Awards);
        Assert.Equal(expected.Count, rows.Count);
        foreach (var ((scope, line), row) in expected.Zip(rows))
        {
            var where = $"{scope.Scope} {scope.Id} {line.Kpi}";
            Assert.Equal((text[scope.Scope], scope.Id, scope.Name), (row[text["scope"]], row[text["id"]], row[text["name"]]));
            Assert.Equal(text[line.Kpi] + (line.Direction == "lower" ? " ↓" : ""), row[text["kpi"]]);
            AssertNumber(line.Weight, row[text["weight"]], where);
            AssertNumber(line.Goal, row[text["goal"]], where);
            AssertNumber(line.Value, row[text["value"]], where);
            AssertNumber(line.Points, row[text["points"]], where);
            AssertNumber(line.AppliedWeight, row[text["appliedWeight"]], where);
            AssertNumber(scope.Score, row[text["score"]], where);
            Assert.Equal(scope.Grade, row[text["grade"]]);
            AssertNumber(scope.BonusCoefficient, row[text["bonusCoefficient"]], where);
            var award = result.Awards.SingleOrDefault(a => a.Id == scope.Id && scope.Scope == (a.Award == "bestDepartment" ? "department" : "employee"));
            Assert.Equal(award is null ? null : text[award.Award], row[text["awards"]]);
        }

        var awarded = expected.Zip(rows).Where(p => p.Second[text["awards"]] is not null).Select(p => p.First.Scope.Id).Distinct();
        Assert.Equal(result.Awards.Select(a => a.Id).Order(StringComparer.Ordinal), awarded.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Headers_are_frozen_with_the_id_and_name_columns_and_figures_carry_display_formats()
    {
        var (_, input) = Month();
        var text = ReportText.Chinese;
        using var workbook = new XLWorkbook(new MemoryStream(WorkbookWriter.Write(input, text)));

        foreach (var kind in new[] { "company", "department", "region", "employee" })
        {
            var scopes = workbook.Worksheet(text[kind]);
            Assert.Equal((1, 2), (scopes.SheetView.SplitRow, scopes.SheetView.SplitColumn));
        }

        foreach (var name in new[] { text["alerts"], text["complaints"], text["lowestResponses"], text["largestExpenses"] })
        {
            var sheet = workbook.Worksheet(name);
            Assert.Equal((1, 0), (sheet.SheetView.SplitRow, sheet.SheetView.SplitColumn));
        }

        var company = workbook.Worksheet(text["company"]);
        string FormatUnder(string header) =>
            company.Row(1).CellsUsed().Single(c => c.GetString() == header).CellBelow().Style.NumberFormat.Format;
        Assert.Equal("0.0%", FormatUnder(text[SalesFamily.SalesCompletionRate]));
        Assert.Equal("#,##0.00", FormatUnder(text[SalesFamily.SalesAmount]));
        Assert.Equal("#,##0.00", FormatUnder($"{text[SalesFamily.SalesCompletionRate]} · {text["numerator"]}"));
        Assert.Equal("0", FormatUnder($"{text[ComplaintsFamily.ComplaintResolutionRate]} · {text["denominator"]}"));
        Assert.Equal("0.00", FormatUnder(text[SurveysFamily.SatisfactionIndex]));
        Assert.Equal("yyyy-mm-dd hh:mm", workbook.Worksheet(text["complaints"]).Cell(2, 2).Style.NumberFormat.Format);
    }

    [Fact]
    public void An_empty_month_has_a_company_sheet_and_an_empty_alerts_sheet_only()
    {
        var engine = Engine();
        var result = engine.Complete("run-0", At("2026-12-01T02:00:00+08:00"));
        var input = new ReportInput(result, engine.Details, engine.Figures(), new Dictionary<string, IReadOnlyList<(string, JsonObject)>>(), engine.Context);
        var bytes = WorkbookWriter.Write(input, ReportText.English);

        Assert.Equal(["Company", "Alerts"], MiniExcel.GetSheetNames(new MemoryStream(bytes)));
        var (_, company) = Read(bytes, "Company");
        var row = Assert.Single(company);
        Assert.Equal(0.0, row["Sales"]);
        Assert.Null(row["Sales completion"]);
        Assert.Empty(Read(bytes, "Alerts").Rows);
    }

    [Fact]
    public void Sheet_names_are_unique_and_fit_excels_limit_in_both_languages()
    {
        var (_, input) = Month();
        foreach (var text in new[] { ReportText.Chinese, ReportText.English })
        {
            var names = MiniExcel.GetSheetNames(new MemoryStream(WorkbookWriter.Write(input, text)));
            Assert.Equal(9, names.Count); // four scope kinds, the scorecards, alerts and three detail sheets
            Assert.All(names, n => Assert.InRange(n.Length, 1, 31));
            Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    /// <summary>The JSON figures of one KPI, each with the header of the column that must hold it.</summary>
    private static IEnumerable<(string Header, JsonNode? Value)> Figures(string kpi, JsonObject value, ReportText text)
    {
        var name = text[kpi];
        string Of(params string[] words) => string.Join(" · ", [name, .. words]);
        foreach (var (property, node) in value)
        {
            switch (property)
            {
                // Flags and settings, not figures; number and observations repeat value and n (the overrides of
                // KpiValue.Number and Observations do not inherit its [JsonIgnore], so the JSON carries them).
                case "smallSample" or "change" or "slaHours" or "clock" or "number" or "observations":
                    break;
                case "value":
                    yield return (name, node);
                    break;
                case "byCategory" or "byType" or "byAge":
                    foreach (var (category, count) in node!.AsObject())
                    {
                        yield return (Of(text[category]), count);
                    }

                    break;
                case "productQuality" or "serviceQuality" or "price" or "credit":
                    yield return (Of(text[property]), node!["value"]);
                    yield return (Of(text[property], text["n"]), node["n"]);
                    break;
                case "ciLow":
                    yield return (Of(text["interval"], text["low"]), node);
                    break;
                case "ciHigh":
                    yield return (Of(text["interval"], text["high"]), node);
                    break;
                case "p90":
                    yield return (Of("P90"), node);
                    break;
                default: // numerator, denominator, n
                    yield return (Of(text[property]), node);
                    break;
            }
        }
    }

    private static void AssertNumber(double? expected, object? cell, string where) =>
        AssertNumber(expected is { } number ? JsonValue.Create(number) : null, cell, where);

    private static void AssertNumber(JsonNode? expected, object? cell, string where)
    {
        if (expected is null)
        {
            Assert.True(cell is null, $"{where}: expected an empty cell, found {cell}");
            return;
        }

        var number = Assert.IsType<double>(cell);
        var wanted = expected.GetValue<double>();
        Assert.True(Math.Abs(number - wanted) <= Tolerance, $"{where}: {number} ≠ {wanted}");
    }

    private static double EngineIndexOf(string surveyId, ReportInput input) =>
        input.Figures.SelectMany(f => f.State<SurveysState>().Lowest.Items).First(r => r.Id == surveyId).Index;

    /// <summary>A sheet as MiniExcel reads it: the header row, then each row by header.</summary>
    internal static (List<string> Headers, List<Dictionary<string, object?>> Rows) Read(byte[] bytes, string sheet)
    {
        var cells = MiniExcel.Query(new MemoryStream(bytes), sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
        var columns = cells[0].Where(c => c.Value is not null).ToList();
        var headers = columns.Select(c => Assert.IsType<string>(c.Value)).ToList();
        var rows = cells.Skip(1)
            .Select(row => columns.ToDictionary(c => (string)c.Value!, c => row.TryGetValue(c.Key, out var value) ? value : null))
            .ToList();
        return (headers, rows);
    }
}

public sealed class WorkbookRecordListTests
{
    [Fact]
    public void A_long_list_of_alert_records_fits_one_cell_and_says_how_many_more()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => $"C-{i:D7}").ToList();
        var cell = Pipeline.Reports.WorkbookWriter.RecordList(ids);
        Assert.True(cell.Length <= 32_767, $"{cell.Length} characters");
        var shown = cell.Split(" … ")[0].Split(", ").Length;
        Assert.EndsWith($"(+{10_000 - shown})", cell);
        Assert.Equal("C-1, C-2", Pipeline.Reports.WorkbookWriter.RecordList(["C-1", "C-2"]));
    }
}
