using System.Text.Json.Nodes;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Reports;

namespace Pipeline.Tests.Reports;

/// <summary>
/// A value shape the product does not have, defined here in one type, rendered by <c>assessment.csv</c> and
/// <c>assessment.xlsx</c> with no renderer knowing it: what a new shape costs is its own file.
/// </summary>
public sealed class ValueColumnsTests
{
    private const string Kpi = ComplaintsFamily.ComplaintResolutionHours;

    /// <summary>Hours as a median with the 10th and 90th percentiles, the basis they are counted on, and counts by band.</summary>
    private sealed record SpreadValue(double? Value, double? P10, double? P90, long N, string Basis, IReadOnlyDictionary<string, long> ByBand) : KpiValue
    {
        private static readonly IReadOnlyList<ValueColumn> Shape =
        [
            ValueColumn.Number,
            ValueColumn.Of<SpreadValue>("p10", ColumnType.Number, v => v.P10, "P10"),
            ValueColumn.Of<SpreadValue>(ValueColumn.P90, ColumnType.Number, v => v.P90, "P90"),
            ValueColumn.Observations,
            ValueColumn.Of<SpreadValue>("basis", ColumnType.Text, v => v.Basis, "basis"),
        ];

        public override double? Number => Value;

        public override long? Observations => N;

        public override IReadOnlyList<ValueColumn> Columns => Shape;

        public override IReadOnlyList<(string Name, KpiValue Value)> Parts =>
            [.. ByBand.Select(b => (b.Key, (KpiValue)new CountValue(b.Value)))];
    }

    private static readonly SpreadValue Spread =
        new(12.5, 2.25, 30.75, 8, "working hours", new Dictionary<string, long> { ["fast"] = 5, ["slow"] = 3 });

    // The sample month with every scope's complaint resolution time replaced by the new shape.
    private static (ReportInput Original, ReportInput Spread) Sample()
    {
        var (result, engine) = ReportSamples.Month();
        var spread = result with
        {
            Scopes = [.. result.Scopes.Select(s => s with { Kpis = new Dictionary<string, KpiValue>(s.Kpis) { [Kpi] = Spread } })],
        };
        ReportInput Input(AssessmentResult r) => new(r, engine.Details, engine.Figures(), new Dictionary<string, IReadOnlyList<(string, JsonObject)>>(), engine.Context);
        return (Input(result), Input(spread));
    }

    [Fact]
    public void The_csv_writes_a_new_shapes_figures_under_their_keys_and_a_row_per_part()
    {
        var (original, spread) = Sample();
        var (headers, rows) = AssessmentCsvTests.Read(spread.Result);
        Assert.Equal(AssessmentCsvTests.Read(original.Result).Headers, headers); // a key the CSV does not list (p10, basis) adds no column

        var own = Assert.Single(rows, r => r["scope"] == "company" && r["kpi"] == Kpi);
        Assert.Equal(("12.5", "30.75", "8", "", "", "", ""), (own["value"], own["p90"], own["n"], own["numerator"], own["denominator"], own["ciLow"], own["ciHigh"]));
        Assert.Equal("5", Assert.Single(rows, r => r["scope"] == "company" && r["kpi"] == $"{Kpi}.fast")["value"]);
        Assert.Equal("3", Assert.Single(rows, r => r["scope"] == "company" && r["kpi"] == $"{Kpi}.slow")["value"]);
        Assert.Equal(rows.Count(r => r["kpi"] == Kpi), rows.Count(r => r["kpi"] == $"{Kpi}.slow"));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void The_workbook_gives_each_column_of_a_new_shape_and_of_its_parts_a_typed_cell(string culture)
    {
        var text = ReportText.For(culture);
        var (original, spread) = Sample();
        var (before, _) = WorkbookWriterTests.Read(WorkbookWriter.Write(original, text), text["company"]);
        var (headers, rows) = WorkbookWriterTests.Read(WorkbookWriter.Write(spread, text), text["company"]);

        var label = text[Kpi];
        string[] added = [label, $"{label} · P10", $"{label} · P90", $"{label} · {text["n"]}", $"{label} · {text["basis"]}", $"{label} · {text["fast"]}", $"{label} · {text["slow"]}"];
        // The other KPIs' columns are as they were; the new shape's stand where the shape it replaced stood.
        Assert.Equal(before.Where(h => h != label && !h.StartsWith(label + " · ", StringComparison.Ordinal)), headers.Where(h => !added.Contains(h)));
        var at = headers.IndexOf(label);
        Assert.Equal(added, headers.Skip(at).Take(added.Length));

        var company = Assert.Single(rows);
        Assert.Equal<object?>([12.5, 2.25, 30.75, 8.0, "working hours", 5.0, 3.0], added.Select(h => company[h]));
    }
}
