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
/// reads the Chinese names). Text cells are neutralised against formula injection (<see cref="SafeCell"/>).
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
    ];

    /// <summary>The CSV bytes.</summary>
    public static byte[] Write(AssessmentResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var column in Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var scope in result.Scopes)
            {
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

                        csv.NextRecord();
                    }
                }
            }
        }

        return stream.ToArray();
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

    private static string?[] Fields(KpiValue value)
    {
        string? D(double? number) => number?.ToString("R", CultureInfo.InvariantCulture);
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
