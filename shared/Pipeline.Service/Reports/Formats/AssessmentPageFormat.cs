namespace Pipeline.Reports.Formats;

/// <summary><c>assessment.html</c>: overview, scorecards, rankings, KPI tables, trends and alerts (CONTRACT §6).</summary>
public sealed class AssessmentPageFormat() : PageFormat("assessment", AssessmentHtml.Render)
{
    /// <inheritdoc />
    public override int Order => 10;
}
