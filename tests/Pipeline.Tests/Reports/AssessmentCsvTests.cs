using System.Globalization;
using System.Text;
using CsvHelper;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Reports;
using static Pipeline.Tests.Assessment.Build;

namespace Pipeline.Tests.Reports;

/// <summary>
/// <c>assessment.csv</c> read back by column name, as its consumers read it, and compared with the result: the scorecard
/// entry on the rows of the KPIs a scope is scored on, the scope's score, grade, rank, bonus coefficient and award on
/// every row.
/// </summary>
public sealed class AssessmentCsvTests
{
    private static readonly string[] FirstColumns =
    [
        "period", "scope", "id", "name", "kpi", "value", "numerator", "denominator", "n", "ciLow", "ciHigh", "p90",
        "smallSample", "previous", "pValue", "significant",
    ];

    [Fact]
    public void The_columns_of_before_come_first_in_their_order_and_the_scorecard_ones_after()
    {
        var (headers, _) = Read(ReportSamples.Month().Result);
        Assert.Equal(FirstColumns, headers.Take(FirstColumns.Length));
        Assert.Equal(["weight", "goal", "direction", "points", "appliedWeight", "score", "grade", "rank", "bonusCoefficient", "award", "provisional"],
            headers.Skip(FirstColumns.Length));
    }

    [Fact]
    public void Each_scorecard_kpi_row_carries_its_entry_and_every_row_its_scopes_score_grade_rank_coefficient_and_award()
    {
        var result = ReportSamples.Month().Result;
        var (_, rows) = Read(result);
        Assert.Contains(result.Scopes, s => s.Scorecard is { Count: > 0 });
        Assert.Contains(result.Awards, a => a.Award == "bestDepartment");
        Assert.Contains(result.Awards, a => a.Award == "bestEmployee");

        var entries = 0;
        foreach (var scope in result.Scopes)
        {
            var ofScope = rows.Where(r => r["scope"] == scope.Scope && r["id"] == scope.Id).ToList();
            Assert.NotEmpty(ofScope);
            var award = result.Awards.SingleOrDefault(a => a.Id == scope.Id && scope.Scope == (a.Award == "bestDepartment" ? "department" : "employee"));
            foreach (var row in ofScope)
            {
                var where = $"{scope.Scope} {scope.Id} {row["kpi"]}";
                Assert.True(Number(row["score"]) == scope.Score, $"{where}: score {row["score"]} ≠ {scope.Score}");
                Assert.Equal(scope.Grade, Text(row["grade"]));
                Assert.Equal(scope.Rank?.ToString(CultureInfo.InvariantCulture), Text(row["rank"]));
                Assert.True(Number(row["bonusCoefficient"]) == scope.BonusCoefficient, $"{where}: bonusCoefficient {row["bonusCoefficient"]}");
                Assert.Equal(award?.Award, Text(row["award"]));

                var line = scope.Scorecard?.FirstOrDefault(l => l.Kpi == row["kpi"]);
                if (line is null)
                {
                    Assert.All(new[] { "weight", "goal", "direction", "points", "appliedWeight" }, column => Assert.Equal("", row[column]));
                    continue;
                }

                entries++;
                Assert.True(Number(row["weight"]) == line.Weight, $"{where}: weight {row["weight"]} ≠ {line.Weight}");
                Assert.True(Number(row["goal"]) == line.Goal, $"{where}: goal {row["goal"]} ≠ {line.Goal}");
                Assert.Equal(line.Direction, row["direction"]);
                Assert.True(Number(row["points"]) == line.Points, $"{where}: points {row["points"]} ≠ {line.Points}");
                Assert.True(Number(row["appliedWeight"]) == line.AppliedWeight, $"{where}: appliedWeight {row["appliedWeight"]} ≠ {line.AppliedWeight}");
                Assert.True(Number(row["value"]) == line.Value, $"{where}: the row's value {row["value"]} is not the entry's {line.Value}");
            }
        }

        // Every entry of every scorecard is on exactly one row: a KPI's parts (complaintsReceived.quality) carry none.
        Assert.Equal(result.Scopes.Sum(s => s.Scorecard?.Count ?? 0), entries);
    }

    [Fact]
    public void A_kpi_listed_twice_on_a_scorecard_carries_its_first_entry()
    {
        var settings = new AssessmentSettings
        {
            Scorecard = new ScorecardSettings(new Dictionary<string, IReadOnlyList<ScorecardEntry>>
            {
                ["sales"] = [new(SalesFamily.SalesCompletionRate, 0.6, 1.0), new(SalesFamily.SalesCompletionRate, 0.4, 0.5)],
            }),
        };
        var engine = Engine("2026-11", settings, Employee("E1", "sales"));
        engine.Add(Target("employee", "E1", sales: 1000));
        engine.Add(Sale("S1", "E1", 800m));
        var result = engine.Complete("run-1", At("2026-12-01T02:00:00+08:00"));

        var row = Read(result).Rows.Single(r => r["scope"] == "employee" && r["kpi"] == SalesFamily.SalesCompletionRate);
        Assert.Equal(("0.6", "1", "80", "0.6"), (row["weight"], row["goal"], row["points"], row["appliedWeight"]));
    }

    internal static (List<string> Headers, List<Dictionary<string, string>> Rows) Read(AssessmentResult result)
    {
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(AssessmentCsv.Write(result)).TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var headers = reader.HeaderRecord!.ToList();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(headers.ToDictionary(h => h, h => reader.GetField(h)!));
        }

        return (headers, rows);
    }

    private static double? Number(string cell) => cell.Length == 0 ? null : double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Text(string cell) => cell.Length == 0 ? null : cell;
}
