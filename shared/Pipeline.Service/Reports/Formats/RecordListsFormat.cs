namespace Pipeline.Reports.Formats;

/// <summary><see cref="RecordLists.FileName"/>: every record behind every alert, in full (the pages show the first few).</summary>
public sealed class RecordListsFormat : IReportFormat
{
    /// <inheritdoc />
    public int Order => 80;

    /// <inheritdoc />
    public IEnumerable<ReportFileFormat> Files(ReportLanguages languages)
    {
        yield return new ReportFileFormat(RecordLists.FileName, 2, RecordLists.Write);
    }
}
