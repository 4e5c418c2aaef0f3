namespace Pipeline.Reports.Formats;

/// <summary><c>customer-analysis.html</c>: the customer file audit and key-customer visits (CONTRACT §6).</summary>
public sealed class CustomerPageFormat() : PageFormat("customer-analysis", CustomerHtml.Render)
{
    /// <inheritdoc />
    public override int Order => 70;
}
