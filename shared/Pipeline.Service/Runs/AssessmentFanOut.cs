using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// The assessment as a fan-out/fan-in (DESIGN §4a, #19): what an orchestration's activities do, on whichever instance
/// runs them. <see cref="FoldPartitionAsync"/> folds one partition of the plan and leaves its two parts (the period's and
/// the previous period's) as JSON in a blob — large partials travel by reference; <see cref="PublishAsync"/> merges every
/// part in the plan's order and publishes exactly as an in-process run does (<see cref="AssessmentRunner.MergeAsync"/>,
/// <see cref="AssessmentRunner.PublishAsync"/>); <see cref="FailAsync"/> records a failed run. The hosting's orchestrator
/// and activities are one-line calls into this class, since the hostings' Durable APIs differ.
/// </summary>
public class AssessmentFanOut(
    AssessmentRunner runner, AssessmentStore store, StorageAccount account, IOptions<StorageOptions> options, TimeProvider? time = null)
{
    /// <summary>The container of the parts of running orchestrations (with the storage prefix): <c>{runId}/{key}.json</c>.</summary>
    public const string PartsContainer = "assessment-parts";

    /// <summary>The blob metadata naming the instance that folded a part.</summary>
    public const string InstanceMetadata = "instance";

    /// <summary>The blob metadata giving how long the part took to fold, in seconds.</summary>
    public const string SecondsMetadata = "seconds";

    /// <summary>
    /// The file of a durable run's own, beside its reports (<c>runs/{period}/{runId}/fanout.json</c>, never at the latest
    /// paths): which instances folded how many partitions (<see cref="FanOutSummary"/>), kept once the parts are deleted.
    /// </summary>
    public const string SummaryFile = "fanout.json";

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // Master data is read once per process per run (every partition of a run folds with the same); a few runs kept.
    private const int RunsCached = 4;
    private readonly ConcurrentDictionary<string, Lazy<Task<(FoldContext Current, FoldContext Previous)>>> _contexts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _cachedRuns = new();

    /// <summary>The container of the parts.</summary>
    public BlobContainerClient Parts => account.Blobs.GetBlobContainerClient(options.Value.Name(PartsContainer));

    /// <summary>The name of this process among the instances (the Durable worker id's parts): stamp and role instance.</summary>
    public static string InstanceName =>
        $"{Environment.GetEnvironmentVariable("WEBSITE_CURRENT_STAMPNAME") ?? Environment.MachineName}/{Environment.GetEnvironmentVariable("RoleInstanceId") ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The blob name of a run's master data, as it stood when the run started.</summary>
    public static string MasterDataName(string runId) => $"{runId}/master-data.json";

    /// <summary>
    /// Reads the master data as it stands now and keeps it for the run: every activity of the run, on whichever instance
    /// and whenever it runs, folds with this one snapshot, so an employee or customer file changed while the run goes on
    /// cannot make one partition's attribution differ from another's (an in-process run reads master data once too).
    /// </summary>
    public virtual async Task SnapshotMasterDataAsync(string runId, CancellationToken cancellationToken = default)
    {
        var master = await runner.ReadMasterDataAsync(cancellationToken).ConfigureAwait(false);
        var container = Parts;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(MasterDataName(runId))
            .UploadAsync(BinaryData.FromObjectAsJson(master, AssessmentStore.Json), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The blob name of a part of a run.</summary>
    public static string PartName(string runId, PartitionWork work) => $"{runId}/{work.Key}.json";

    /// <summary>
    /// The fold activity: folds each partition of <paramref name="batch"/> in turn (<see cref="FoldPartitionAsync"/>), each
    /// into a part blob of its own; returns the blobs' names. Partitions travel in batches because an orchestration's cost
    /// grows with its activities (each completion replays its history), not with their size: a year of a small company
    /// is 5,040 mostly empty partitions.
    /// </summary>
    public virtual async Task<IReadOnlyList<string>> FoldPartitionsAsync(FoldBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);

        // Activities run at least once: one delivered again after its run was published or failed (its first completion
        // reported late) must not leave parts behind the run's clean-up.
        var period = Period.Parse(batch.Plan.Period);
        if (await FinishedAsync(period, batch.RunId, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var names = new List<string>(batch.Works.Count);
        foreach (var work in batch.Works)
        {
            names.Add(await FoldPartitionAsync(new FoldInput(batch.RunId, batch.Plan, work), cancellationToken).ConfigureAwait(false));
        }

        if (await FinishedAsync(period, batch.RunId, cancellationToken).ConfigureAwait(false))
        {
            foreach (var name in names)
            {
                await Parts.DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        return names;
    }

    private async Task<bool> FinishedAsync(Period period, string runId, CancellationToken cancellationToken) =>
        await store.StatusAsync(period, runId, cancellationToken).ConfigureAwait(false) is { Status: "completed" or "failed" };

    /// <summary>
    /// Folds one partition of <paramref name="input"/>'s plan and writes both parts to a blob; returns the blob's name.
    /// Idempotent: an activity run again (a lost instance) writes the same part over the same name.
    /// </summary>
    public virtual async Task<string> FoldPartitionAsync(FoldInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var contexts = await ContextsAsync(input.RunId, input.Plan, cancellationToken).ConfigureAwait(false);
        var (current, previous) = await runner.FoldAsync(input.Plan, input.Work, contexts.Current, contexts.Previous, null, cancellationToken).ConfigureAwait(false);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new StoredPart(current.ToPart(), previous.ToPart()), AssessmentStore.Json);
        var name = PartName(input.RunId, input.Work);
        var container = Parts;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [InstanceMetadata] = Uri.EscapeDataString(InstanceName),
                [SecondsMetadata] = clock.Elapsed.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            },
        }, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>
    /// Merges the run's parts in the plan's order, completes, renders and publishes the result as an in-process run does,
    /// then deletes the parts. Before the result is published (so before the run is recorded as completed), the run's
    /// <see cref="SummaryFile"/> records which instances folded its partitions, from the parts' metadata.
    /// </summary>
    public virtual async Task PublishAsync(PublishInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var period = Period.Parse(input.Plan.Period);
        if (await store.StatusAsync(period, input.RunId, cancellationToken).ConfigureAwait(false) is { Status: "failed" } failed)
        {
            // Stopped past its deadline while its last folds ran: a failed run publishes nothing.
            throw new InvalidOperationException($"Run {input.RunId} of {period} is recorded as failed ({failed.Error}); it is not published.");
        }

        var contexts = await ContextsAsync(input.RunId, input.Plan, cancellationToken).ConfigureAwait(false);
        var container = Parts;
        var (result, engine, figures) = await runner.MergeAsync(input.Plan, input.RunId, contexts, async work =>
        {
            var download = await container.GetBlobClient(PartName(input.RunId, work)).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var stored = download.Value.Content.ToObjectFromJson<StoredPart>(AssessmentStore.Json)
                ?? throw new InvalidDataException($"the part {PartName(input.RunId, work)} is empty");
            return (AssessmentEngine.FromPart(stored.Current, contexts.Current), AssessmentEngine.FromPart(stored.Previous, contexts.Previous));
        }).ConfigureAwait(false);
        var summary = await SummaryAsync(input, cancellationToken).ConfigureAwait(false);
        await store.WriteRunFileAsync(Period.Parse(input.Plan.Period), input.RunId, SummaryFile,
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(summary, AssessmentStore.Json)), cancellationToken).ConfigureAwait(false);
        await runner.PublishAsync(result, engine, figures, input.Started, null, cancellationToken).ConfigureAwait(false);
        await DeletePartsAsync(input.RunId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the run's parts and records it as failed with its error: nothing of it is published.</summary>
    public virtual async Task FailAsync(FailInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await DeletePartsAsync(input.RunId, cancellationToken).ConfigureAwait(false);
        await store.DeleteRunFileAsync(Period.Parse(input.Period), input.RunId, SummaryFile, cancellationToken).ConfigureAwait(false);
        await runner.FailAsync(Period.Parse(input.Period), input.RunId, input.Error).ConfigureAwait(false);
    }

    /// <summary>A durable run's <see cref="SummaryFile"/> as written when it published; null for any other run.</summary>
    public async Task<FanOutSummary?> SummaryAsync(Period period, string runId, CancellationToken cancellationToken = default) =>
        await store.RunFileAsync(period, runId, SummaryFile, cancellationToken).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize<FanOutSummary>(json, AssessmentStore.Json)
            : null;

    // Who folded what, from the parts' metadata: partitions and fold seconds per instance, busiest first.
    private async Task<FanOutSummary> SummaryAsync(PublishInput input, CancellationToken cancellationToken)
    {
        var instances = new SortedDictionary<string, (int Partitions, double Seconds)>(StringComparer.Ordinal);
        IAsyncEnumerable<BlobItem> parts = input.Plan.Partitions.Count == 0 ? AsyncEnumerable.Empty<BlobItem>() : Parts.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{input.RunId}/", cancellationToken);
        await foreach (var blob in parts.ConfigureAwait(false))
        {
            if (blob.Name == MasterDataName(input.RunId))
            {
                continue; // the run's master data, not a part
            }

            var instance = blob.Metadata.TryGetValue(InstanceMetadata, out var name) ? Uri.UnescapeDataString(name) : "";
            var seconds = blob.Metadata.TryGetValue(SecondsMetadata, out var text) &&
                double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
            var (partitions, total) = instances.GetValueOrDefault(instance);
            instances[instance] = (partitions + 1, total + seconds);
        }

        var folded = _time.GetUtcNow();
        return new FanOutSummary(input.RunId, input.Plan.Period, input.Plan.Partitions.Count, input.Started, folded,
            Math.Round((folded - input.Started).TotalSeconds, 3), InstanceName,
            instances.OrderByDescending(i => i.Value.Partitions).ThenBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => new InstanceShare(i.Key, i.Value.Partitions, Math.Round(i.Value.Seconds, 3))).ToList());
    }

    /// <summary>The instances that folded the parts of a run still stored (for tests and diagnostics): part name → instance.</summary>
    public async Task<IReadOnlyDictionary<string, string>> PartInstancesAsync(string runId, CancellationToken cancellationToken = default)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!await Parts.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return found;
        }

        await foreach (var blob in Parts.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{runId}/", cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name == MasterDataName(runId))
            {
                continue; // the run's master data, not a part
            }

            found[blob.Name] = blob.Metadata.TryGetValue(InstanceMetadata, out var instance) ? Uri.UnescapeDataString(instance) : "";
        }

        return found;
    }

    private async Task DeletePartsAsync(string runId, CancellationToken cancellationToken)
    {
        Forget(runId);
        var container = Parts;
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{runId}/", cancellationToken).ConfigureAwait(false))
        {
            await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(FoldContext Current, FoldContext Previous)> ContextsAsync(string runId, AssessmentPlan plan, CancellationToken cancellationToken)
    {
        var lazy = _contexts.GetOrAdd(runId, id =>
        {
            _cachedRuns.Enqueue(id);
            while (_cachedRuns.Count > RunsCached && _cachedRuns.TryDequeue(out var old))
            {
                _contexts.TryRemove(old, out _);
            }

            return new Lazy<Task<(FoldContext, FoldContext)>>(async () =>
                runner.Contexts(plan, await ReadMasterDataAsync(id).ConfigureAwait(false)));
        });
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (lazy.Value.IsFaulted)
        {
            _contexts.TryRemove(new KeyValuePair<string, Lazy<Task<(FoldContext, FoldContext)>>>(runId, lazy));
            throw;
        }
    }

    private void Forget(string runId) => _contexts.TryRemove(runId, out _);

    // The run's snapshot of master data (SnapshotMasterDataAsync, written before its orchestration starts).
    private async Task<MasterData> ReadMasterDataAsync(string runId)
    {
        try
        {
            var content = await Parts.GetBlobClient(MasterDataName(runId)).DownloadContentAsync(CancellationToken.None).ConfigureAwait(false);
            return content.Value.Content.ToObjectFromJson<MasterData>(AssessmentStore.Json)
                ?? throw new InvalidDataException($"the master data of run {runId} is empty");
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            throw new InvalidOperationException($"Run {runId} has no master data snapshot ({MasterDataName(runId)}): it was not started through AssessmentJobs.", ex);
        }
    }

    /// <summary>Which instances folded a durable run's partitions (<see cref="SummaryFile"/>).</summary>
    /// <param name="RunId">The run.</param>
    /// <param name="Period">Its period.</param>
    /// <param name="Partitions">The partitions of its plan (one fold activity each).</param>
    /// <param name="StartedAt">When the run started.</param>
    /// <param name="FoldedAt">When every partition was folded (the publishing activity began).</param>
    /// <param name="FoldSeconds">From the start to every partition folded: the fan-out's wall time.</param>
    /// <param name="PublishedBy">The instance that merged and published.</param>
    /// <param name="Instances">Per instance that folded partitions: how many, and the seconds its activities took in all.</param>
    public sealed record FanOutSummary(
        string RunId, string Period, int Partitions, DateTimeOffset StartedAt, DateTimeOffset FoldedAt, double FoldSeconds, string PublishedBy,
        IReadOnlyList<InstanceShare> Instances);

    /// <summary>One instance's share of a durable run's fold activities.</summary>
    /// <param name="Instance">The instance (<see cref="InstanceName"/>: stamp and role instance).</param>
    /// <param name="Partitions">The partitions it folded.</param>
    /// <param name="Seconds">The seconds its fold activities took, added up (they run several at once).</param>
    public sealed record InstanceShare(string Instance, int Partitions, double Seconds);

    /// <summary>Both parts of one partition as stored.</summary>
    public sealed record StoredPart(EnginePart Current, EnginePart Previous);

    /// <summary>What folding one partition needs: the run, its plan (without its partitions: a fold needs only its own) and the partition.</summary>
    public sealed record FoldInput(string RunId, AssessmentPlan Plan, PartitionWork Work);

    /// <summary>What a fold activity needs: the run, its plan's header and the consecutive partitions of the plan it folds.</summary>
    public sealed record FoldBatch(string RunId, AssessmentPlan Plan, IReadOnlyList<PartitionWork> Works);

    /// <summary>What the publishing activity needs: the run, its whole plan and when it started.</summary>
    public sealed record PublishInput(string RunId, AssessmentPlan Plan, DateTimeOffset Started);

    /// <summary>What the failing activity needs: the run and why it failed.</summary>
    public sealed record FailInput(string RunId, string Period, string Error);
}
