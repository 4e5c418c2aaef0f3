using System.Net;
using System.Text;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>A standalone HTML page: inline CSS, inline SVG, no script or font from elsewhere, printable.</summary>
internal sealed class HtmlPage(ReportText text)
{
    internal const string Style = """
        :root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--bad:#cf222e;--good:#1a7f37;--warn:#9a6700}
        *{box-sizing:border-box}
        body{font-family:"Noto Sans CJK SC","Noto Sans SC","PingFang SC","Microsoft YaHei","Segoe UI",Arial,sans-serif;color:var(--fg);margin:24px auto;max-width:1200px;padding:0 16px;line-height:1.45}
        h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;border-bottom:2px solid var(--line);padding-bottom:.25rem;margin-top:2rem}h3{font-size:1.05rem}
        .meta{color:var(--muted);font-size:.9rem}.meta span{margin-right:1.25rem}
        nav a{margin-right:1rem}a{color:#0969da}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.88rem}
        th,td{border:1px solid var(--line);padding:.3rem .45rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.75rem}
        .card{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem}.card .v{font-size:1.4rem;font-weight:600}.card .k{color:var(--muted);font-size:.85rem}
        .up{color:var(--good)}.down{color:var(--bad)}.ns{color:var(--muted);font-size:.8rem}.small{color:var(--warn);font-size:.8rem}
        .alert{color:var(--bad);font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1rem}
        svg.chart{border:1px solid var(--line);border-radius:6px;background:#fff;max-width:100%;height:auto}
        svg .tick,svg .label{font-size:11px;fill:var(--muted)}svg .chart-title{font-size:13px;font-weight:600;fill:var(--fg)}
        .ids{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all}
        .more{font-size:.85rem;color:#555}
        .provisional{border:2px solid var(--warn);border-radius:6px;background:#fff8c5;padding:.6rem .8rem;margin:.75rem 0}.provisional strong{color:var(--warn);font-size:1.1rem;margin-right:.5rem}
        @media print{body{margin:0;max-width:none}nav{display:none}h2{break-after:avoid}table,svg{break-inside:avoid}}
        """;

    private readonly StringBuilder _html = new();

    public ReportText Text => text;

    public HtmlPage Begin(string title, AssessmentResult result, string otherLanguageHref)
    {
        _html.Append($"<!DOCTYPE html><html lang=\"{text.Lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append($"<title>{(result.Provisional ? E(text["provisional"]) + " · " : "")}{E(title)} · {E(result.Period)}</title><style>{Style}</style></head><body>")
            .Append($"<header><h1>{E(title)}</h1><p class=\"meta\">")
            .Append($"<span>{E(text["period"])}: <b>{E(result.Period)}</b> ({E(text[result.Kind])})</span>")
            .Append($"<span>{E(text["generatedAt"])}: {E(Local(result.GeneratedAt, result.TimeZone).ToString("yyyy-MM-dd HH:mm 'UTC'zzz", text.Culture))}</span>")
            .Append($"<span>{E(text["timeZone"])}: {E(result.TimeZone)}</span>")
            .Append($"<span>{E(text["runId"])}: {E(result.RunId)}</span>")
            .Append($"<span><a href=\"{E(otherLanguageHref)}\" hreflang=\"{(text.IsEnglish ? "zh-CN" : "en")}\">{E(text["otherLanguage"])}</a></span></p></header>");
        if (result.Provisional)
        {
            // On every page of a provisional result, above everything else, in both languages (CONTRACT §4).
            _html.Append($"<div class=\"provisional\" role=\"note\" id=\"provisional\"><strong>{E(text["provisional"])} · {E(text.ToDate(result.Kind))}</strong>")
                .Append($"{E(text.ProvisionalNotice(result))}</div>");
        }

        return this;
    }

    /// <summary>An instant in the company time zone, for display.</summary>
    public static DateTimeOffset Local(DateTimeOffset instant, string timeZone) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(timeZone));

    public HtmlPage Raw(string html)
    {
        _html.Append(html);
        return this;
    }

    public HtmlPage Heading(string id, string title, int level = 2)
    {
        _html.Append($"<h{level} id=\"{E(id)}\">{E(title)}</h{level}>");
        return this;
    }

    public HtmlPage Paragraph(string content, string? cssClass = null)
    {
        _html.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(E(content)).Append("</p>");
        return this;
    }

    /// <summary>
    /// How many rows a list of records shows in a page: the first in the list's order (worst first). The whole list is in
    /// <see cref="RecordLists.FileName"/>, linked below the table, so a page's size follows the scopes, not the records.
    /// </summary>
    public const int ListedRows = 100;

    /// <summary>
    /// A list of records as a table of its first <see cref="ListedRows"/> rows; when <paramref name="count"/> is more, a line
    /// says how many are shown of how many and links the full list (<paramref name="list"/> in <see cref="RecordLists.FileName"/>).
    /// </summary>
    public HtmlPage ListedTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, int count, string list, ISet<int>? numeric = null)
    {
        Table(headers, rows.Take(ListedRows), numeric);
        if (count > ListedRows)
        {
            _html.Append("<p class=\"more\">").Append(More(ListedRows, count, list)).Append("</p>");
        }

        return this;
    }

    /// <summary>
    /// "The first <paramref name="shown"/> of <paramref name="count"/> shown; the full list is in records.csv (list …)", as
    /// HTML, linking <paramref name="href"/> (by default the file beside the page).
    /// </summary>
    public string More(int shown, int count, string list, string href = RecordLists.FileName) =>
        $"{E(string.Format(text.Culture, text["listedOf"], shown.ToString("N0", text.Culture), count.ToString("N0", text.Culture)))} " +
        $"<a href=\"{E(href)}\">{RecordLists.FileName}</a> ({E(text["list"])} = {E(list)})";

    /// <summary>A table; cells are HTML (escape with <see cref="E"/>); numeric columns right-aligned.</summary>
    public HtmlPage Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? numeric = null)
    {
        _html.Append("<table><thead><tr>");
        foreach (var header in headers)
        {
            _html.Append("<th>").Append(E(header)).Append("</th>");
        }

        _html.Append("</tr></thead><tbody>");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            _html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                _html.Append(numeric?.Contains(i) == true ? "<td class=\"n\">" : "<td>").Append(row[i]).Append("</td>");
            }

            _html.Append("</tr>");
        }

        if (!any)
        {
            _html.Append($"<tr><td colspan=\"{headers.Count}\">{E(text["none"])}</td></tr>");
        }

        _html.Append("</tbody></table>");
        return this;
    }

    public string End() => _html.Append("</body></html>").ToString();

    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>The main figure of a KPI as text.</summary>
    public string Value(string kpi, KpiValue value) => value switch
    {
        AmountValue amount => text.Money(amount.Value),
        _ => text.Kpi(kpi, value.Number),
    };

    /// <summary>Numerator, denominator, interval and n of a KPI as text cells.</summary>
    public string[] Parts(string kpi, KpiValue value) => value switch
    {
        RateValue rate when KpiCatalog.Definition(kpi).Format == KpiFormat.PercentOfCounts =>
            [rate.Numerator.ToString("N0", text.Culture), rate.Denominator == 0 ? "—" : rate.Denominator.ToString("N0", text.Culture), "", ""],
        RateValue rate => [text.Money(rate.Numerator), rate.Denominator == 0 ? "—" : text.Money(rate.Denominator), "", ""],
        CountRateValue rate => [rate.Numerator.ToString("N0", text.Culture), rate.Denominator.ToString("N0", text.Culture),
            rate.CiLow is null ? "—" : $"{text.Percent(rate.CiLow)} – {text.Percent(rate.CiHigh)}", ""],
        IntervalMeanValue mean => ["", "", mean.CiLow is null ? "—" : $"{text.Number(mean.CiLow)} – {text.Number(mean.CiHigh)}", mean.N.ToString("N0", text.Culture)],
        MeanValue mean => ["", "", "", mean.N.ToString("N0", text.Culture)],
        HoursValue hours => ["", "", $"p90 {text.Number(hours.P90)}", hours.N.ToString("N0", text.Culture)],
        _ => ["", "", "", ""],
    };

    /// <summary>The change mark: a trend only when significant; small samples marked.</summary>
    public string Marks(KpiValue value)
    {
        var marks = new StringBuilder();
        if (value.Change is { } change)
        {
            if (change.Significant && change.Delta is { } delta)
            {
                var up = delta > 0;
                marks.Append($"<span class=\"{(up ? "up" : "down")}\" title=\"{E(text["significant"])} (p = {change.PValue.ToString("0.###", text.Culture)})\">{(up ? "▲" : "▼")} {E(text["significant"])}, p = {E(change.PValue.ToString("0.###", text.Culture))}</span> ");
            }
            else
            {
                marks.Append($"<span class=\"ns\">{E(text["notSignificant"])}</span> ");
            }
        }

        if (value.SmallSample == true)
        {
            marks.Append($"<span class=\"small\">※ {E(text["smallSample"])}</span>");
        }

        return marks.ToString();
    }
}
