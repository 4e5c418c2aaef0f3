namespace Pipeline.Reports.Formats;

/// <summary><c>complaint-analysis.html</c>: complaints by category, product, region and severity (CONTRACT §6).</summary>
public sealed class ComplaintPageFormat() : PageFormat("complaint-analysis", ComplaintHtml.Render)
{
    /// <inheritdoc />
    public override int Order => 60;
}
