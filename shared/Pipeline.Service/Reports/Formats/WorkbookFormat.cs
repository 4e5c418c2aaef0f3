namespace Pipeline.Reports.Formats;

/// <summary><c>assessment.xlsx</c>: the figures as a workbook in the default language (CONTRACT §6).</summary>
public sealed class WorkbookFormat : IReportFormat
{
    /// <inheritdoc />
    public int Order => 20;

    /// <inheritdoc />
    public IEnumerable<ReportFileFormat> Files(ReportLanguages languages)
    {
        ArgumentNullException.ThrowIfNull(languages);

        // About half of all rendering at a million records: started first.
        yield return new ReportFileFormat("assessment.xlsx", 3, (input, stream) => WorkbookWriter.Write(input, languages.Main, stream));
    }
}
