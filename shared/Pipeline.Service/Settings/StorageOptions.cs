namespace Pipeline.Settings;

/// <summary>
/// The <c>Storage</c> settings section: names of the pipeline's own tables, containers and queues. The account itself is
/// <c>AzureWebJobsStorage</c> (see <see cref="Storage.StorageAccount"/>).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary>
    /// Prepended to every table, blob container and queue name (lower-case letters and digits only).
    /// Empty in production; tests give each host its own prefix so they share one Azurite without sharing data.
    /// </summary>
    public string Prefix { get; set; } = "";

    /// <summary>The name of a container or queue with the prefix.</summary>
    public string Name(string name) => Prefix + name;
}
