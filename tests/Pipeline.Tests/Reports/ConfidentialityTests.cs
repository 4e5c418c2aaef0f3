using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Pipeline.Reports;
using Pipeline.Runs;

namespace Pipeline.Tests.Reports;

/// <summary>Customer files are confidential (CONTRACT §2): no report shows a customer's name or the content of a file.</summary>
public sealed class ConfidentialityTests
{
    [Fact]
    public void No_report_and_no_result_holds_a_customers_name()
    {
        var input = ReportSamples.Input();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["result"] = JsonSerializer.Serialize(input.Result, AssessmentStore.Json),
        };
        foreach (var (name, (_, content)) in ReportFiles.Build(input, "zh-CN"))
        {
            texts[name] = name.EndsWith(".xlsx", StringComparison.Ordinal) ? WorkbookText(content.ToArray()) : ReportFiles.Text(content);
        }

        Assert.Contains("K2", texts["customer-analysis.html"], StringComparison.Ordinal); // the ids are there: the test looks in the right place
        Assert.Contains("K2", texts["assessment.xlsx"], StringComparison.Ordinal);
        foreach (var (file, text) in texts)
        {
            foreach (var secret in ReportSamples.SecretNames)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal) || text.Contains(JsonEncodedText.Encode(secret).ToString(), StringComparison.Ordinal),
                    $"{file} shows the customer name '{secret}'");
            }
        }
    }

    // Every part of the workbook package as text (shared strings, sheets), so names in any cell would be found.
    private static string WorkbookText(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            text.Append(System.Net.WebUtility.HtmlDecode(reader.ReadToEnd()));
        }

        return text.ToString();
    }
}
