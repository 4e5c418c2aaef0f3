using Pipeline.Reports;

namespace Pipeline.Tests.Reliability;

/// <summary>The rule for CSV cells (OWASP "CSV injection"): text a spreadsheet would run gets a leading quote; numbers stay.</summary>
public sealed class CsvInjectionTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\rCR", "'\rCR")]
    [InlineData("-", "'-")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("+3", "+3")]
    [InlineData("-1E-05", "-1E-05")]
    [InlineData("12", "12")]
    [InlineData("王芳", "王芳")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Formula_text_is_quoted_and_numbers_and_plain_text_are_left_alone(string? cell, string? written) =>
        Assert.Equal(written, AssessmentCsv.SafeCell(cell));
}

/// <summary>The errors file of a dropped CSV is a CSV a person opens in a spreadsheet: its cells are neutralised too.</summary>
public sealed class BlobErrorsCsvTests(Infrastructure.AzuriteFixture azurite)
{
    [Fact]
    public async Task A_rejected_row_whose_id_is_a_formula_is_written_to_the_errors_file_as_text()
    {
        var token = TestContext.Current.CancellationToken;
        using var app = new Infrastructure.PipelineFactory(azurite);
        var blobs = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Pipeline.Ingestion.BlobIngestion>(app.Services);
        var csv = "id,date,employeeId,customerId,product,amount\n\"=HYPERLINK(\"\"http://x\"\")\",2026-11-03,E1,K1,P1,1\n@SUM(1),2026-11-03,E1,K1,P1,x\n";

        var result = await blobs.ProcessAsync("sales", "drop.csv", BinaryData.FromString(csv), "text/csv", token);

        Assert.Equal(2, result!.Rejected);
        var processed = new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, app.Prefix + "processed");
        var errors = (await processed.GetBlobClient("sales/drop.errors.csv").DownloadContentAsync(token)).Value.Content.ToString();
        using var parser = new CsvHelper.CsvParser(new StringReader(errors.TrimStart('\uFEFF')), System.Globalization.CultureInfo.InvariantCulture);
        var cells = new List<string>();
        while (parser.Read())
        {
            cells.AddRange(parser.Record!);
        }

        Assert.Contains("'=HYPERLINK(\"http://x\")", cells);
        Assert.Contains("'@SUM(1)", cells);
        Assert.DoesNotContain(cells, cell => cell.StartsWith('=') || cell.StartsWith('@'));
    }
}
