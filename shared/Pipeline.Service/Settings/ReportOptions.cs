namespace Pipeline.Settings;

/// <summary>The <c>Reports</c> settings section.</summary>
public sealed class ReportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Reports";

    /// <summary>The default language of the reports (<c>zh-CN</c> or <c>en</c>); the other is published beside it.</summary>
    public string Culture { get; set; } = "zh-CN";
}
