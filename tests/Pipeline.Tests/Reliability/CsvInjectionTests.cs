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
