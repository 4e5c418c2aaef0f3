using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// The durable fold executor (DESIGN §4a): what an orchestration's fold activities do, on whichever instance runs them,
/// and how the run's finishing activity reads their parts back. <see cref="FoldPartitionsAsync"/> folds partitions of the
/// plan (<see cref="PartitionFold"/>) and leaves each part (the period's, the previous period's, the partition's
/// fingerprint) as JSON in a blob — large partials travel by reference; <see cref="PartsAsync"/> reads them back in the
/// plan's order for <see cref="AssessmentPipeline.FinishAsync"/>; <see cref="DeletePartsAsync"/> removes them.
/// </summary>
public class DurableFolds(PartitionFold fold, AssessmentStore store, StorageAccount account, IOptions<StorageOptions> options, TimeProvider? time = null)
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

    // A run's manifest and master data are read once per process per run (every partition of a run folds with the same); a
    // few runs kept.
    private const int RunsCached = 4;
    private readonly ConcurrentDictionary<string, Lazy<Task<PlannedRun>>> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _cachedRuns = new();

    /// <summary>The container of the parts.</summary>
    public BlobContainerClient Parts => account.Blobs.GetBlobContainerClient(options.Value.Name(PartsContainer));

    /// <summary>The name of this process among the instances (the Durable worker id's parts): stamp and role instance.</summary>
    public static string InstanceName =>
        $"{Environment.GetEnvironmentVariable("WEBSITE_CURRENT_STAMPNAME") ?? Environment.MachineName}/{Environment.GetEnvironmentVariable("RoleInstanceId") ?? Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The blob name of a part of a run.</summary>
    public static string PartName(string runId, PartitionWork work) => $"{runId}/{work.Key}.json";

    /// <summary>
    /// The fold activity: folds each partition of <paramref name="batch"/> in turn (<see cref="FoldPartitionAsync"/>), each
    /// into a part blob of its own; returns the blobs' names. Partitions travel in batches because an orchestration's cost
    /// grows with its activities (each completion replays its history), not with their size: a year of a small company
    /// is 5,040 mostly empty partitions.
    /// </summary>
    /// <remarks>
    /// Activities run at least once, and a run can fail while some still fold (its deadline passed). A run that ends is
    /// first marked ending (<see cref="AssessmentStore.MarkEndingAsync"/>), then its parts are deleted, then its end is
    /// recorded (<see cref="EndAsync"/>); an activity looks at the run's status after writing its parts: either it sees the
    /// mark and deletes what it wrote, or it wrote before the mark and so before the deletion listed the parts. No late
    /// activity leaves a part behind the clean-up, and whoever sees the run ended finds its parts gone.
    /// </remarks>
    public virtual async Task<IReadOnlyList<string>> FoldPartitionsAsync(FoldBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var period = batch.Plan.Period;
        if (await FinishedAsync(period, batch.RunId, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var names = new List<string>(batch.Works.Count);
        try
        {
            foreach (var work in batch.Works)
            {
                names.Add(await FoldPartitionAsync(new FoldInput(batch.RunId, batch.Plan, work), cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            // Also when this activity fails or is cancelled (its instance stopping): a run already ended keeps no part of it.
            if (names.Count > 0 && await FinishedAsync(period, batch.RunId, CancellationToken.None).ConfigureAwait(false))
            {
                foreach (var name in names)
                {
                    await Parts.DeleteBlobIfExistsAsync(name, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        return names;
    }

    private async Task<bool> FinishedAsync(Period period, string runId, CancellationToken cancellationToken) =>
        await store.StatusAsync(period, runId, cancellationToken).ConfigureAwait(false) is { Status: RunStatus.Completed or RunStatus.Failed } or { Ending: true };

    /// <summary>
    /// Folds one partition of <paramref name="input"/>'s plan and writes its part to a blob; returns the blob's name.
    /// Idempotent: an activity run again (a lost instance) writes the same part over the same name.
    /// </summary>
    public virtual async Task<string> FoldPartitionAsync(FoldInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await RunAsync(input.RunId, input.Plan, cancellationToken).ConfigureAwait(false);
        var part = await fold.FoldAsync(input.Plan, input.Work, run.Contexts, null, cancellationToken).ConfigureAwait(false);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new StoredPart(part.Current.ToPart(), part.Previous.ToPart(), part.Fingerprint), AssessmentStore.Json);
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

    /// <summary>The parts of every partition of <paramref name="run"/>'s plan, read back from their blobs in the plan's order.</summary>
    public async IAsyncEnumerable<FoldedPart> PartsAsync(PlannedRun run, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var container = Parts;
        foreach (var work in run.Plan.Partitions)
        {
            var name = PartName(run.Manifest.RunId, work);
            var download = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            var stored = download.Value.Content.ToObjectFromJson<StoredPart>(AssessmentStore.Json)
                ?? throw new InvalidDataException($"the part {name} is empty");
            yield return new FoldedPart(work, AssessmentEngine.FromPart(stored.Current, run.Contexts.Current),
                AssessmentEngine.FromPart(stored.Previous, run.Contexts.Previous), stored.Fingerprint);
        }
    }

    /// <summary>
    /// The run as planned when it started: its manifest and master data (read once per process per run), with
    /// <paramref name="plan"/>. Every activity of the run, on whichever instance and whenever it runs, folds with this one
    /// snapshot, so an employee or customer file changed while the run goes on cannot make one partition's attribution
    /// differ from another's.
    /// </summary>
    public async Task<PlannedRun> RunAsync(string runId, AssessmentPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var lazy = _runs.GetOrAdd(runId, id =>
        {
            _cachedRuns.Enqueue(id);
            while (_cachedRuns.Count > RunsCached && _cachedRuns.TryDequeue(out var old))
            {
                _runs.TryRemove(old, out _);
            }

            return new Lazy<Task<PlannedRun>>(() => LoadAsync(id, plan));
        });
        try
        {
            var run = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            return run with { Plan = plan };
        }
        catch when (lazy.Value.IsFaulted)
        {
            _runs.TryRemove(new KeyValuePair<string, Lazy<Task<PlannedRun>>>(runId, lazy));
            throw;
        }
    }

    private async Task<PlannedRun> LoadAsync(string runId, AssessmentPlan plan)
    {
        var manifest = await store.ManifestAsync(plan.Period, runId, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {runId} of {plan.Period} has no manifest: it was not started through the assessment pipeline.");
        return new PlannedRun(manifest, plan, await store.ReadMasterDataAsync(manifest.MasterData, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Writes the run's <see cref="SummaryFile"/>: which instances folded its partitions, from the parts' metadata.</summary>
    public async Task WriteSummaryAsync(PlannedRun run, DateTimeOffset started, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = await SummaryAsync(run.Manifest.RunId, run.Plan, started, cancellationToken).ConfigureAwait(false);
        await store.WriteRunFileAsync(run.Manifest.Period, run.Manifest.RunId, SummaryFile,
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(summary, AssessmentStore.Json)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A durable run's <see cref="SummaryFile"/> as written when it published; null for any other run.</summary>
    public async Task<FanOutSummary?> SummaryAsync(Period period, string runId, CancellationToken cancellationToken = default) =>
        await store.RunFileAsync(period, runId, SummaryFile, cancellationToken).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize<FanOutSummary>(json, AssessmentStore.Json)
            : null;

    // Who folded what, from the parts' metadata: partitions and fold seconds per instance, busiest first.
    private async Task<FanOutSummary> SummaryAsync(string runId, AssessmentPlan plan, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var instances = new SortedDictionary<string, (int Partitions, double Seconds)>(StringComparer.Ordinal);
        IAsyncEnumerable<BlobItem> parts = plan.Partitions.Count == 0 ? AsyncEnumerable.Empty<BlobItem>() : Parts.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{runId}/", cancellationToken);
        await foreach (var blob in parts.ConfigureAwait(false))
        {
            var instance = blob.Metadata.TryGetValue(InstanceMetadata, out var name) ? Uri.UnescapeDataString(name) : "";
            var seconds = blob.Metadata.TryGetValue(SecondsMetadata, out var text) &&
                double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
            var (partitions, total) = instances.GetValueOrDefault(instance);
            instances[instance] = (partitions + 1, total + seconds);
        }

        var folded = _time.GetUtcNow();
        return new FanOutSummary(runId, plan.Period.ToString(), plan.Partitions.Count, started, folded,
            Math.Round((folded - started).TotalSeconds, 3), InstanceName,
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
            found[blob.Name] = blob.Metadata.TryGetValue(InstanceMetadata, out var instance) ? Uri.UnescapeDataString(instance) : "";
        }

        return found;
    }

    /// <summary>
    /// The clean-up of a durable run that ends (published or failed), before its end is recorded: marks it ending, then
    /// deletes its parts (see <see cref="FoldPartitionsAsync"/>); a failed run also loses its <see cref="SummaryFile"/>.
    /// </summary>
    public async Task EndAsync(Period period, string runId, bool failed, CancellationToken cancellationToken = default)
    {
        await store.MarkEndingAsync(period, runId, cancellationToken).ConfigureAwait(false);
        await DeletePartsAsync(runId, cancellationToken).ConfigureAwait(false);
        if (failed)
        {
            await store.DeleteRunFileAsync(period, runId, SummaryFile, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeletePartsAsync(string runId, CancellationToken cancellationToken)
    {
        _runs.TryRemove(runId, out _);
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

    /// <summary>One folded partition as stored: both parts and the partition's fingerprint.</summary>
    public sealed record StoredPart(EnginePart Current, EnginePart Previous, PartitionFingerprint Fingerprint);

    /// <summary>What folding one partition needs: the run, its plan (without its partitions: a fold needs only its own) and the partition.</summary>
    public sealed record FoldInput(string RunId, AssessmentPlan Plan, PartitionWork Work);

    /// <summary>What a fold activity needs: the run, its plan's header and the consecutive partitions of the plan it folds.</summary>
    public sealed record FoldBatch(string RunId, AssessmentPlan Plan, IReadOnlyList<PartitionWork> Works);

    /// <summary>What the publishing activity needs: the run, its whole plan and when it started.</summary>
    public sealed record PublishInput(string RunId, AssessmentPlan Plan, DateTimeOffset Started);

    /// <summary>What the failing activity needs: the run and why it failed.</summary>
    public sealed record FailInput(string RunId, Period Period, string Error);
}
