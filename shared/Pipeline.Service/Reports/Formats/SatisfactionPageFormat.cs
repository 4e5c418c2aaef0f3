namespace Pipeline.Reports.Formats;

/// <summary><c>satisfaction-analysis.html</c>: the customer satisfaction survey analysis report (CONTRACT §6).</summary>
public sealed class SatisfactionPageFormat() : PageFormat("satisfaction-analysis", SatisfactionHtml.Render)
{
    /// <inheritdoc />
    public override int Order => 50;
}
