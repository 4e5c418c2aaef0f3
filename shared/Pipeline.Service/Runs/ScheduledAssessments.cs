using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Assessment;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Time;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Runs;

/// <summary>
/// The <c>MonthlyAssessment</c> trigger's work (CONTRACT §5), called on every tick of <c>Assessment:Tick</c>: under a
/// blob lease, so two instances never run the same occurrence, it runs every due occurrence of
/// <c>Assessment:Schedule</c> not yet run, oldest first, and records each as soon as it completes, so a crash
/// re-runs at most the occurrence in progress. With no stored state only the latest due occurrence runs.
/// </summary>
public sealed partial class ScheduledAssessments(
    AssessmentPipeline jobs,
    StorageAccount account,
    RecordTables tables,
    IOptions<StorageOptions> options,
    AssessmentSchedule schedule,
    TimeProvider time,
    ILogger<ScheduledAssessments> logger)
{
    /// <summary>The container (prefixed) that holds the lock blob.</summary>
    public const string ContainerName = "pipeline-state";

    /// <summary>The blob whose lease is the lock.</summary>
    public const string LockBlobName = "locks/assessment-schedule";

    /// <summary>The table (prefixed) that holds the last completed occurrence.</summary>
    public const string StateTable = "schedule";

    private const string StatePartition = "assessment";
    private const string StateRow = "state";
    private const string LastCompletedProperty = "LastCompleted";
    private const string LocalFormat = "yyyy-MM-ddTHH:mm:ss";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs the due occurrences and returns the ids of the runs it completed, oldest first; an empty list when nothing
    /// was due or another instance holds the lease. A failed run throws (the occurrence stays due for the next tick).
    /// </summary>
    /// <param name="cancellationToken">Cancels the storage calls and the runs.</param>
    public async Task<IReadOnlyList<string>> TickAsync(CancellationToken cancellationToken = default)
    {
        var blob = account.Blobs.GetBlobContainerClient(options.Value.Name(ContainerName)).GetBlobClient(LockBlobName);
        var lease = blob.GetBlobLeaseClient();
        if (!await TryAcquireAsync(blob, lease, cancellationToken).ConfigureAwait(false))
        {
            LogLeaseHeld(blob.BlobContainerName, blob.Name);
            return [];
        }

        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var leaseLost = false;
        var renewal = RenewAsync(lease, () => { leaseLost = true; work.Cancel(); }, work.Token);
        try
        {
            return await RunDueAsync(work.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (leaseLost && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"The assessment schedule lease on {blob.BlobContainerName}/{blob.Name} was lost; the occurrence in progress runs again on the next tick.", ex);
        }
        finally
        {
            await work.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            if (!leaseLost)
            {
                try
                {
                    await lease.ReleaseAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
                catch (RequestFailedException ex)
                {
                    // The lease expires by itself within a minute; the next tick waits for it at worst.
                    LogReleaseFailed(ex, blob.BlobContainerName, blob.Name);
                }
            }
        }
    }

    private async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(StateTable, cancellationToken).ConfigureAwait(false);
        var state = await table.GetEntityIfExistsAsync<TableEntity>(StatePartition, StateRow, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var entity = state.HasValue ? state.Value : null;
        var lastCompleted = ReadLastCompleted(entity);

        var due = schedule.DueOccurrences(time.GetUtcNow(), lastCompleted);
        if (due.Count == 0)
        {
            LogNothingDue(lastCompleted?.ToString(LocalFormat, CultureInfo.InvariantCulture));
            return [];
        }

        if (lastCompleted is { } last && schedule.NextAfter(last) < due[0])
        {
            LogCatchUpLimited(last.ToString(LocalFormat, CultureInfo.InvariantCulture),
                schedule.NextAfter(last).ToString(LocalFormat, CultureInfo.InvariantCulture),
                due[0].ToString(LocalFormat, CultureInfo.InvariantCulture), due.Count);
        }

        var runIds = new List<string>();
        foreach (var occurrence in due)
        {
            var text = occurrence.ToString(LocalFormat, CultureInfo.InvariantCulture);
            var periods = AssessmentSchedule.PeriodsFor(occurrence);
            LogRunning(text, string.Join(", ", periods));
            foreach (var period in periods)
            {
                runIds.Add(await jobs.RunAsync(period, cancellationToken).ConfigureAwait(false));
            }

            entity = await SaveAsync(table, entity, occurrence, cancellationToken).ConfigureAwait(false);
            LogCompleted(text);
        }

        return runIds;
    }

    private DateTime? ReadLastCompleted(TableEntity? entity)
    {
        var text = entity?.GetString(LastCompletedProperty);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
        {
            return last;
        }

        // Treated as a fresh install: the latest due occurrence runs and the state is rewritten.
        LogStateUnreadable(text);
        return null;
    }

    // The ETag condition is a second guard besides the lease: if another instance advanced the state meanwhile
    // (a lease lost without our noticing), this write fails instead of moving the state back.
    private static async Task<TableEntity> SaveAsync(TableClient table, TableEntity? current, DateTime occurrence, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(StatePartition, StateRow)
        {
            [LastCompletedProperty] = occurrence.ToString(LocalFormat, CultureInfo.InvariantCulture),
        };
        var response = current is null
            ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
            : await table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        entity.ETag = response.Headers.ETag ?? ETag.All;
        return entity;
    }

    private static async Task<bool> TryAcquireAsync(BlobClient blob, BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // First tick against this account: make the container and the empty lock blob, then try again.
            await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                await blob.UploadAsync(BinaryData.Empty, overwrite: false, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException created) when (created.Status is 409 or 412)
            {
                // Another instance made it first.
            }

            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException again) when (again.Status == 409)
            {
                return false;
            }
        }
    }

    // Renews on the real clock, not the injected TimeProvider: the lease expires on the storage service's clock,
    // whatever clock the schedule is evaluated on (tests freeze that one).
    private async Task RenewAsync(BlobLeaseClient lease, Action onLost, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(RenewEvery, cancellationToken).ConfigureAwait(false);
                await lease.RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Without the lease another instance may start the same occurrence: stop ours.
                LogLeaseLost(ex, StorageFailure.Describe(ex));
                onLost();
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Scheduled assessment skipped: another instance holds the lease on {Container}/{Blob}")]
    private partial void LogLeaseHeld(string container, string blob);

    [LoggerMessage(LogLevel.Debug, "No scheduled assessment due (last completed occurrence {LastCompleted})")]
    private partial void LogNothingDue(string? lastCompleted);

    [LoggerMessage(LogLevel.Warning,
        "Skipping the scheduled assessments from {Next} to before {First}: the last completed occurrence {LastCompleted} is too far behind; running the latest {Count}")]
    private partial void LogCatchUpLimited(string lastCompleted, string next, string first, int count);

    [LoggerMessage(LogLevel.Information, "Running the scheduled assessment of {Occurrence}: {Periods}")]
    private partial void LogRunning(string occurrence, string periods);

    [LoggerMessage(LogLevel.Information, "Scheduled assessment of {Occurrence} completed")]
    private partial void LogCompleted(string occurrence);

    [LoggerMessage(LogLevel.Warning, "The stored last completed occurrence '{Text}' is not yyyy-MM-ddTHH:mm:ss; treating the schedule as new")]
    private partial void LogStateUnreadable(string text);

    [LoggerMessage(LogLevel.Error, "The assessment schedule lease could not be renewed ({Failure}); stopping the runs in progress")]
    private partial void LogLeaseLost(Exception exception, string failure);

    [LoggerMessage(LogLevel.Warning, "Could not release the assessment schedule lease on {Container}/{Blob}")]
    private partial void LogReleaseFailed(Exception exception, string container, string blob);
}
