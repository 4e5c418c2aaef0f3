using System.Buffers;
using System.Globalization;
using System.Text;
using CsvHelper;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

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

    private static readonly string[] Columns =
    [
        "period", "scope", "id", "name", "kpi", "value", "numerator", "denominator", "n", "ciLow", "ciHigh", "p90",
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

    private static IEnumerable<(string Name, KpiValue Value)> Rows(string kpi, KpiValue value)
    {
        if (value is DimensionsValue d)
        {
            foreach (var (dimension, mean) in d.All)
            {
                yield return ($"{kpi}.{dimension}", mean);
            }

            yield break;
        }

        yield return (kpi, value);
        if (value is ComplaintCountValue complaints)
        {
            foreach (var (category, count) in complaints.ByCategory)
            {
                yield return ($"{kpi}.{category}", new CountValue(count));
            }
        }

        if (value is OverdueValue overdue)
        {
            foreach (var (age, balance) in overdue.ByAge)
            {
                yield return ($"{kpi}.{age}", new AmountValue(balance));
            }
        }

        if (value is VisitCountValue visits)
        {
            foreach (var (type, count) in visits.ByType)
            {
                yield return ($"{kpi}.{type}", new CountValue(count));
            }
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
        string? M(decimal number) => number.ToString(CultureInfo.InvariantCulture);
        string? L(long number) => number.ToString(CultureInfo.InvariantCulture);
        string?[] figures = value switch
        {
            AmountValue a => [M(a.Value), null, null, null, null, null, null],
            CountValue c => [L(c.Value), null, null, null, null, null, null],
            ComplaintCountValue c => [L(c.Value), null, null, null, null, null, null],
            VisitCountValue c => [L(c.Value), null, null, null, null, null, null],
            AmountCountValue a => [M(a.Value), null, null, L(a.Count), null, null, null],
            OverdueValue o => [M(o.Value), null, null, L(o.Count), null, null, null],
            RateValue r => [D(r.Value), M(r.Numerator), M(r.Denominator), null, null, null, null],
            CountRateValue r => [D(r.Value), L(r.Numerator), L(r.Denominator), null, D(r.CiLow), D(r.CiHigh), null],
            IntervalMeanValue m => [D(m.Value), null, null, L(m.N), D(m.CiLow), D(m.CiHigh), null],
            MeanValue m => [D(m.Value), null, null, L(m.N), null, null, null],
            HoursValue h => [D(h.Value), null, null, L(h.N), null, null, D(h.P90)],
            _ => [D(value.Number), null, null, null, null, null, null],
        };
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
