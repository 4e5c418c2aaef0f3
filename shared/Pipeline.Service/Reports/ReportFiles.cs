using System.Text;
using System.Text.Json;
using Pipeline.Assessment;
using Pipeline.Runs;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>The files of CONTRACT §6 for one run: every report, in both languages where it has words.</summary>
public static class ReportFiles
{
    /// <summary>The suffix of the second language's HTML files: <c>.en.html</c>, or <c>.zh-CN.html</c> when the default is English.</summary>
    public static string SecondLanguageSuffix(string defaultCulture) => ReportText.For(defaultCulture).IsEnglish ? ".zh-CN.html" : ".en.html";

    /// <summary>File names, in the order they are listed.</summary>
    public static IReadOnlyList<string> Names(string defaultCulture)
    {
        var suffix = SecondLanguageSuffix(defaultCulture);
        return
        [
            "assessment.html", $"assessment{suffix}", "assessment.xlsx", "assessment.json", "assessment.csv",
            "satisfaction-analysis.html", $"satisfaction-analysis{suffix}", "complaint-analysis.html", $"complaint-analysis{suffix}",
            "customer-analysis.html", $"customer-analysis{suffix}", RecordLists.FileName,
        ];
    }

    /// <summary>Content types by file extension.</summary>
    public static string ContentType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".csv" => "text/csv; charset=utf-8",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };

    /// <summary>
    /// Renders every file. <paramref name="defaultCulture"/> (<c>Reports:Culture</c>) is the language of <c>{name}.html</c>
    /// and of the workbook. The other language stands beside it: English as <c>{name}.en.html</c> (CONTRACT §6), or,
    /// when the default is English, Chinese as <c>{name}.zh-CN.html</c>; each page links to its counterpart.
    /// </summary>
    public static Dictionary<string, (string ContentType, BinaryData Content)> Build(ReportInput input, string defaultCulture)
    {
        var main = ReportText.For(defaultCulture);
        var other = main.IsEnglish ? ReportText.Chinese : ReportText.English;
        var suffix = SecondLanguageSuffix(defaultCulture);
        var files = new Dictionary<string, (string, BinaryData)>(StringComparer.Ordinal);
        void Html(string name, Func<ReportInput, ReportText, string, string> render)
        {
            files[$"{name}.html"] = (ContentType(".html"), BinaryData.FromString(render(input, main, $"{name}{suffix}")));
            files[$"{name}{suffix}"] = (ContentType(".html"), BinaryData.FromString(render(input, other, $"{name}.html")));
        }

        Html("assessment", AssessmentHtml.Render);
        Html("satisfaction-analysis", SatisfactionHtml.Render);
        Html("complaint-analysis", ComplaintHtml.Render);
        Html("customer-analysis", CustomerHtml.Render);
        files["assessment.json"] = (ContentType(".json"), BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input.Result, AssessmentStore.Json)));
        files["assessment.csv"] = (ContentType(".csv"), BinaryData.FromBytes(AssessmentCsv.Write(input.Result)));
        files[RecordLists.FileName] = (ContentType(".csv"), BinaryData.FromBytes(RecordLists.Write(input)));
        files["assessment.xlsx"] = (ContentType(".xlsx"), BinaryData.FromBytes(WorkbookWriter.Write(input, main)));
        return files;
    }

    /// <summary>The UTF-8 text of a file, for tests and logs.</summary>
    public static string Text(BinaryData content) => Encoding.UTF8.GetString(content.ToArray());
}
