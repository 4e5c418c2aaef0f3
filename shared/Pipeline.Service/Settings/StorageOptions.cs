namespace Pipeline.Settings;

/// <summary>
/// The <c>Storage</c> settings section: names of the pipeline's own tables. The account itself is
/// <c>AzureWebJobsStorage</c> (see <see cref="Storage.StorageAccount"/>).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>
    /// Prepended to every table name (letters and digits only). Empty in production; tests give each
    /// host its own prefix so they share one Azurite without sharing data.
    /// </summary>
    public string TablePrefix { get; set; } = "";
}
