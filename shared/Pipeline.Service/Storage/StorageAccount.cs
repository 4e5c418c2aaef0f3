using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage;

/// <summary>
/// The storage account the pipeline uses, from the Functions setting <c>AzureWebJobsStorage</c>: a
/// connection string (or <c>UseDevelopmentStorage=true</c>), or its identity-based form
/// <c>AzureWebJobsStorage__accountName</c> / <c>__blobServiceUri</c>, <c>__queueServiceUri</c>,
/// <c>__tableServiceUri</c> with <c>__credential</c> and <c>__clientId</c> (CONTRACT §7).
/// </summary>
public sealed class StorageAccount
{
    /// <summary>The setting's name.</summary>
    public const string SettingName = "AzureWebJobsStorage";

    private StorageAccount(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, string? connectionString, TableServiceClient probe)
    {
        Probe = probe;
        Tables = tables;
        Blobs = blobs;
        Queues = queues;
        ConnectionString = connectionString;
    }

    /// <summary>The table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The table service without retries and with a short network timeout: for health probes only.</summary>
    public TableServiceClient Probe { get; }

    /// <summary>The blob service.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The queue service.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>The connection string when the account was given as one; null for identity-based access.</summary>
    public string? ConnectionString { get; }

    /// <summary>Whether any storage setting is present (a connection string or any <c>AzureWebJobsStorage__*</c> key).</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[SettingName]) ||
        configuration.GetSection(SettingName).GetChildren().Any();

    /// <summary>
    /// Creates the clients from configuration; throws with a clear message when nothing is set. A call that finds its
    /// table, container or queue missing creates it again and is retried once (<see cref="StorageHealing"/>, logged to
    /// <paramref name="logger"/>).
    /// </summary>
    public static StorageAccount FromConfiguration(IConfiguration configuration, ILogger? logger = null)
    {
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // Plain clients (no healing policy) make the lost resources again; they share the service URIs.
            var plainTables = new TableServiceClient(connectionString);
            var plainBlobs = new BlobServiceClient(connectionString);
            var plainQueues = new QueueServiceClient(connectionString);
            return new StorageAccount(
                new TableServiceClient(connectionString, Healing(new TableClientOptions(), plainTables, logger)),
                new BlobServiceClient(connectionString, Healing(new BlobClientOptions(), plainBlobs, logger)),
                new QueueServiceClient(connectionString, Healing(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, plainQueues, logger)),
                connectionString,
                new TableServiceClient(connectionString, ProbeOptions()));
        }

        var section = configuration.GetSection(SettingName);
        var accountName = section["accountName"];
        Uri ServiceUri(string key, string service) =>
            section[key] is { Length: > 0 } uri ? new Uri(uri)
            : accountName is { Length: > 0 } ? new Uri($"https://{accountName}.{service}.core.windows.net")
            : throw new InvalidOperationException(
                $"Storage is not configured: set {SettingName} (a connection string) or {SettingName}__accountName " +
                $"(or {SettingName}__{key}) with {SettingName}__credential=managedidentity.");

        var credential = CreateCredential(section);
        var (tableUri, blobUri, queueUri) = (ServiceUri("tableServiceUri", "table"), ServiceUri("blobServiceUri", "blob"), ServiceUri("queueServiceUri", "queue"));
        return new StorageAccount(
            new TableServiceClient(tableUri, credential, Healing(new TableClientOptions(), new TableServiceClient(tableUri, credential), logger)),
            new BlobServiceClient(blobUri, credential, Healing(new BlobClientOptions(), new BlobServiceClient(blobUri, credential), logger)),
            new QueueServiceClient(queueUri, credential,
                Healing(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, new QueueServiceClient(queueUri, credential), logger)),
            connectionString: null,
            new TableServiceClient(tableUri, credential, ProbeOptions()));
    }

    private static TableClientOptions Healing(TableClientOptions options, TableServiceClient plain, ILogger? logger)
    {
        options.AddPolicy(new StorageHealing(StorageHealing.Kind.Table, plain.Uri,
            async (name, cancellationToken) => await plain.CreateTableIfNotExistsAsync(name, cancellationToken).ConfigureAwait(false), logger),
            HttpPipelinePosition.PerCall);
        return options;
    }

    private static BlobClientOptions Healing(BlobClientOptions options, BlobServiceClient plain, ILogger? logger)
    {
        options.AddPolicy(new StorageHealing(StorageHealing.Kind.Blob, plain.Uri,
            async (name, cancellationToken) => await plain.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false), logger),
            HttpPipelinePosition.PerCall);
        return options;
    }

    private static QueueClientOptions Healing(QueueClientOptions options, QueueServiceClient plain, ILogger? logger)
    {
        options.AddPolicy(new StorageHealing(StorageHealing.Kind.Queue, plain.Uri,
            async (name, cancellationToken) => await plain.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false), logger),
            HttpPipelinePosition.PerCall);
        return options;
    }

    private static TableClientOptions ProbeOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return options;
    }

    private static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
