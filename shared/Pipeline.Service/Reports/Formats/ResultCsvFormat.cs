namespace Pipeline.Reports.Formats;

/// <summary><c>assessment.csv</c>: one row per scope × KPI (CONTRACT §6).</summary>
public sealed class ResultCsvFormat : IReportFormat
{
    /// <inheritdoc />
    public int Order => 40;

    /// <inheritdoc />
    public IEnumerable<ReportFileFormat> Files(ReportLanguages languages)
    {
        yield return new ReportFileFormat("assessment.csv", 1, (input, stream) => AssessmentCsv.Write(input.Result, stream));
    }
}
