using System.Globalization;
using System.Net;
using System.Text;

namespace Pipeline.Reports;

/// <summary>
/// Small inline SVG charts whose text is real text, shaped by the browser with the page's fonts.
/// </summary>
/// <remarks>
/// Written here rather than drawn by a plotting library: ScottPlot 5.1.59's SVG export (tried) lays out each
/// glyph itself through Skia and dropped the Chinese characters of titles and labels even with Noto CJK
/// installed, which a Chinese report cannot have. Lines and bars with axes are all these reports need.
/// </remarks>
public static class SvgCharts
{
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 40;

    /// <summary>A line chart of values over labelled points (gaps where a value is null).</summary>
    public static string Line(string title, IReadOnlyList<(string Label, double? Value)> points, Func<double, string> format, int width = 560, int height = 240)
    {
        var values = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).ToList();
        var (min, max) = Range(values);
        var svg = Begin(title, width, height);
        Axes(svg, min, max, format, width, height);
        double X(int i) => Left + ((width - Left - Right) * (points.Count == 1 ? 0.5 : i / (double)(points.Count - 1)));
        double Y(double v) => height - Bottom - ((height - Top - Bottom) * (v - min) / (max - min));

        var path = new StringBuilder();
        var drawing = false;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is not { } value)
            {
                drawing = false;
                continue;
            }

            path.Append(drawing ? " L" : " M").Append(F(X(i))).Append(' ').Append(F(Y(value)));
            drawing = true;
        }

        if (path.Length > 0)
        {
            svg.Append($"<path class=\"series\" d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\"/>");
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is { } value)
            {
                svg.Append($"<circle cx=\"{F(X(i))}\" cy=\"{F(Y(value))}\" r=\"3.5\" fill=\"#1f6feb\"><title>{Escape(points[i].Label)}: {Escape(format(value))}</title></circle>");
            }

            if (points.Count <= 13 || i % 2 == 0)
            {
                svg.Append($"<text x=\"{F(X(i))}\" y=\"{height - Bottom + 16}\" text-anchor=\"middle\" class=\"tick\">{Escape(points[i].Label)}</text>");
            }
        }

        return End(svg);
    }

    /// <summary>A vertical bar chart.</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, double Value)> bars, Func<double, string> format, int width = 560, int height = 240)
    {
        var (min, max) = Range(bars.Select(b => b.Value).Append(0).ToList());
        var svg = Begin(title, width, height);
        Axes(svg, min, max, format, width, height);
        var slot = (width - Left - Right) / (double)Math.Max(1, bars.Count);
        double Y(double v) => height - Bottom - ((height - Top - Bottom) * (v - min) / (max - min));
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var x = Left + (slot * i) + (slot * 0.15);
            var top = Math.Min(Y(value), Y(0));
            var barHeight = Math.Abs(Y(value) - Y(0));
            svg.Append($"<rect class=\"bar\" x=\"{F(x)}\" y=\"{F(top)}\" width=\"{F(slot * 0.7)}\" height=\"{F(Math.Max(barHeight, 0.5))}\" fill=\"#2da44e\"><title>{Escape(label)}: {Escape(format(value))}</title></rect>");
            svg.Append($"<text x=\"{F(x + (slot * 0.35))}\" y=\"{F(top - 4)}\" text-anchor=\"middle\" class=\"label\">{Escape(format(value))}</text>");
            svg.Append($"<text x=\"{F(x + (slot * 0.35))}\" y=\"{height - Bottom + 16}\" text-anchor=\"middle\" class=\"tick\">{Escape(label)}</text>");
        }

        return End(svg);
    }

    private static StringBuilder Begin(string title, int width, int height) =>
        new StringBuilder($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Escape(title)}\">")
            .Append($"<title>{Escape(title)}</title>")
            .Append($"<text x=\"{Left}\" y=\"16\" class=\"chart-title\">{Escape(title)}</text>");

    private static string End(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Axes(StringBuilder svg, double min, double max, Func<double, string> format, int width, int height)
    {
        for (var i = 0; i <= 4; i++)
        {
            var value = min + ((max - min) * i / 4);
            var y = height - Bottom - ((height - Top - Bottom) * i / 4.0);
            svg.Append($"<line x1=\"{Left}\" x2=\"{width - Right}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"#d0d7de\" stroke-width=\"1\"/>");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" class=\"tick\">{Escape(format(value))}</text>");
        }
    }

    private static (double Min, double Max) Range(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return (0, 1);
        }

        var min = Math.Min(0, values.Min());
        var max = values.Max();
        if (max <= min)
        {
            max = min + 1;
        }

        return (min, max + ((max - min) * 0.1));
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
