using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Settings;
using Pipeline.Storage;

namespace Pipeline.Ingestion;

/// <summary>
/// The safety net under the blob trigger: a file still in <c>incoming/{kind}/</c> some time after it was dropped is
/// ingested by the pipeline itself, exactly as the trigger would have done it. The WebJobs SDK finds drops by scanning
/// the container; a file written while its job host was being started again after a storage outage was seen never to be
/// picked up (no queued message, no error; <c>StorageOutageTests</c>, about one run in four under load). Ingesting a
/// file twice doubles nothing: records are upserted by id, and the file is moved to <c>processed/</c> either way.
/// </summary>
public sealed partial class IncomingSweep(BlobIngestion blobs, StorageAccount account, IOptions<StorageOptions> options, ILogger<IncomingSweep> logger)
{
    /// <summary>
    /// Ingests every file under a kind folder of <c>incoming/</c> whose last write is older than
    /// <paramref name="olderThan"/> (on the system clock, as storage stamps it); returns how many were ingested.
    /// A file the trigger moves away meanwhile is skipped. A storage failure throws (the next sweep tries again).
    /// </summary>
    public async Task<int> SweepAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        var container = account.Blobs.GetBlobContainerClient(options.Value.Name("incoming"));
        var before = TimeProvider.System.GetUtcNow() - olderThan;
        var swept = 0;
        try
        {
            await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, null, cancellationToken).ConfigureAwait(false))
            {
                var slash = item.Name.IndexOf('/', StringComparison.Ordinal);
                if (item.Properties.LastModified is not { } modified || modified > before || slash <= 0 || slash == item.Name.Length - 1)
                {
                    continue; // recent (the trigger's), or not under a kind folder (the trigger ignores it too)
                }

                BlobDownloadResult download;
                try
                {
                    download = (await container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    continue; // moved by the trigger since the listing
                }

                LogSweeping(item.Name, modified);
                await blobs.ProcessAsync(item.Name[..slash], item.Name[(slash + 1)..], download.Content, download.Details.ContentType, cancellationToken)
                    .ConfigureAwait(false);
                swept++;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "ContainerNotFound")
        {
            // Nothing was ever dropped.
        }

        return swept;
    }

    [LoggerMessage(LogLevel.Warning, "incoming/{Name} (written {Modified:u}) was not picked up by the blob trigger; ingesting it now")]
    private partial void LogSweeping(string name, DateTimeOffset modified);
}
