using System.Buffers;
using System.Globalization;
using System.Text;
using CsvHelper;
using Pipeline.Assessment;
using Pipeline.Kpis;

namespace Pipeline.Reports;

/// <summary>
/// <c>assessment.csv</c>: one row per scope × KPI, numbers unrounded and culture-invariant, UTF-8 with a BOM (so Excel
/// reads the Chinese names). Text cells are neutralised against formula injection (<see cref="SafeCell"/>). After the
/// KPI's figures come its scorecard entry, where the KPI is on the scope's scorecard (<c>weight</c>, <c>goal</c>,
/// <c>direction</c>, <c>points</c>, <c>appliedWeight</c>, named as in the JSON's <c>scorecard</c>), and on every row the
/// scope's <c>score</c>, <c>grade</c>, <c>rank</c>, <c>bonusCoefficient</c> and the <c>award</c> it won, if any; a null
/// is an empty cell; last, <c>provisional</c> (<c>true</c> while the period runs). Columns are only ever added at the end:
/// consumers read them by name.
/// </summary>
public static class AssessmentCsv
{
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

    /// <summary>
    /// A text cell that a spreadsheet would run as a formula (OWASP "CSV injection": it begins with <c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c>, tab or carriage return) gets a leading <c>'</c>, which spreadsheets show as text. A cell that
    /// reads as a number (<c>-12.5</c>, <c>+3</c>, <c>1e5</c>, culture-invariant) stays as it is: numbers stay numbers.
    /// </summary>
    public static string? SafeCell(string? text) =>
        string.IsNullOrEmpty(text) || !FormulaStarts.Contains(text[0]) ||
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? text
            : "'" + text;

    // The figures a KPI value's columns fill (ValueColumn.Key); a value has a field empty where it has no such column.
    private static readonly string[] Figures =
        [ValueColumn.Value, ValueColumn.Numerator, ValueColumn.Denominator, ValueColumn.N, ValueColumn.CiLow, ValueColumn.CiHigh, ValueColumn.P90];

    private static readonly string[] Columns =
    [
        "period", "scope", "id", "name", "kpi", .. Figures,
        "smallSample", "previous", "pValue", "significant",
        "weight", "goal", "direction", "points", "appliedWeight", "score", "grade", "rank", "bonusCoefficient", "award", "provisional",
    ];

    /// <summary>The CSV bytes.</summary>
    public static byte[] Write(AssessmentResult result)
    {
        using var stream = new MemoryStream();
        Write(result, stream);
        return stream.ToArray();
    }

    /// <summary>Writes the CSV to <paramref name="stream"/>, row by row (left open).</summary>
    public static void Write(AssessmentResult result, Stream stream)
    {
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16, leaveOpen: true))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var scope in result.Scopes)
            {
                // The settings may list a KPI twice on one scorecard; its row then carries the first entry (the JSON and
                // the workbook list every one).
                var entries = (scope.Scorecard ?? []).GroupBy(line => line.Kpi, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
                var standing = Standing(scope, result.Awards);
                foreach (var (kpi, value) in scope.Kpis)
                {
                    foreach (var (name, part) in Rows(kpi, value))
                    {
                        csv.WriteField(SafeCell(result.Period));
                        csv.WriteField(SafeCell(scope.Scope));
                        csv.WriteField(SafeCell(scope.Id));
                        csv.WriteField(SafeCell(scope.Name));
                        csv.WriteField(SafeCell(name));
                        foreach (var field in Fields(part))
                        {
                            csv.WriteField(field);
                        }

                        // Only the KPI's own row, not its parts (complaintsReceived.quality), carries the entry.
                        foreach (var field in Entry(name == kpi ? entries.GetValueOrDefault(kpi) : null).Concat(standing))
                        {
                            csv.WriteField(field);
                        }

                        csv.WriteField(result.Provisional ? "true" : "false");

                        csv.NextRecord();
                    }
                }
            }
        }
    }

    // A value's own row, if it has figures of its own, then a row per part (complaintsReceived.quality).
    private static IEnumerable<(string Name, KpiValue Value)> Rows(string kpi, KpiValue value)
    {
        if (value.Columns.Count > 0)
        {
            yield return (kpi, value);
        }

        foreach (var (name, part) in value.Parts)
        {
            yield return ($"{kpi}.{name}", part);
        }
    }

    private static string? D(double? number) => number?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A scorecard entry's columns: weight, goal, direction, points, appliedWeight; all empty for none.</summary>
    private static string?[] Entry(ScorecardLine? line) =>
        line is null ? [null, null, null, null, null] : [D(line.Weight), D(line.Goal), SafeCell(line.Direction), D(line.Points), D(line.AppliedWeight)];

    /// <summary>
    /// The scope's columns: score, grade, rank, bonusCoefficient and award (<c>bestDepartment</c> on the best department's
    /// rows, <c>bestEmployee</c> on the rows of each department's best employee).
    /// </summary>
    private static string?[] Standing(ScopeResult scope, IReadOnlyList<AwardEntry> awards)
    {
        var won = awards.Where(a => a.Id == scope.Id && scope.Scope == (a.Award == "bestDepartment" ? "department" : "employee")).Select(a => a.Award);
        return
        [
            D(scope.Score), SafeCell(scope.Grade), scope.Rank?.ToString(CultureInfo.InvariantCulture), D(scope.BonusCoefficient),
            SafeCell(string.Join(";", won) is { Length: > 0 } award ? award : null),
        ];
    }

    private static string?[] Fields(KpiValue value)
    {
        var columns = value.Columns;
        var figures = new string?[Figures.Length];
        for (var i = 0; i < Figures.Length; i++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (columns[c].Key == Figures[i])
                {
                    var figure = columns[c].Read(value);
                    figures[i] = figure.Text is { } text ? SafeCell(text) : figure.ToInvariantString();
                    break;
                }
            }
        }

        return
        [
            .. figures,
            value.SmallSample == true ? "true" : null,
            D(value.Change?.Previous),
            D(value.Change?.PValue),
            value.Change is { } change ? (change.Significant ? "true" : "false") : null,
        ];
    }
}
