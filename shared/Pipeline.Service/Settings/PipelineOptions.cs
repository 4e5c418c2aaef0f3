namespace Pipeline.Settings;

/// <summary>The <c>Pipeline</c> settings section (CONTRACT §1, §8).</summary>
public sealed class PipelineOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Pipeline";

    /// <summary>IANA id of the company time zone.</summary>
    public string TimeZone { get; set; } = Time.CompanyTimeZone.DefaultId;

    /// <summary>ISO code of the company currency; amounts are in it.</summary>
    public string Currency { get; set; } = "CNY";

    /// <summary>Standalone only: when set, every route but health requires it as <c>x-functions-key</c>.</summary>
    public string? ApiKey { get; set; }
}
