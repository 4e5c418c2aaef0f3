using System.Text.Json;
using Pipeline.Storage;

namespace Pipeline.Reports.Formats;

/// <summary><c>assessment.json</c>: the assessment result (CONTRACT §4).</summary>
public sealed class ResultJsonFormat : IReportFormat
{
    /// <inheritdoc />
    public int Order => 30;

    /// <inheritdoc />
    public IEnumerable<ReportFileFormat> Files(ReportLanguages languages)
    {
        yield return new ReportFileFormat("assessment.json", 1, (input, stream) => JsonSerializer.Serialize(stream, input.Result, StoredJson.Options));
    }
}
