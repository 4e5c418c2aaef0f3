using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Telemetry;
using Pipeline.Time;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Runs;

/// <summary>
/// Where assessments are kept: each run's files under <c>reports/runs/{period}/{runId}/</c>, the latest at
/// <c>reports/{monthly|annual}/{period}/</c>; one row per scope and period in <c>assessmentHistory</c> (partition =
/// scope, row = period, so a scope's 12-month history is one query); the status of each run in <c>assessmentRuns</c>.
/// </summary>
public sealed class AssessmentStore(StorageAccount account, RecordTables tables, IOptions<StorageOptions> options)
{
    /// <summary>How results are written: <see cref="StoredJson.Options"/>.</summary>
    public static JsonSerializerOptions Json => StoredJson.Options;

    /// <summary>The status row of one run.</summary>
    /// <param name="Period">The period.</param>
    /// <param name="RunId">The run.</param>
    /// <param name="Status">How far it got.</param>
    /// <param name="StartedAt">When it started.</param>
    /// <param name="FinishedAt">When it ended.</param>
    /// <param name="Error">Why it failed.</param>
    public sealed record StoredRun(Period Period, string RunId, RunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error)
    {
        /// <summary>Whether the run's end is being recorded (<see cref="MarkEndingAsync"/>): no part of it may be kept any more.</summary>
        public bool Ending { get; init; }
    }

    /// <summary>The private container of what runs read (their master data: customer files are confidential, never in <c>reports</c>).</summary>
    public const string InputsContainer = "run-inputs";

    /// <summary>The <c>run-inputs</c> container (with the storage prefix).</summary>
    public BlobContainerClient Inputs => account.Blobs.GetBlobContainerClient(options.Value.Name(InputsContainer));

    /// <summary>The <c>reports</c> container (with the storage prefix).</summary>
    public BlobContainerClient Reports => account.Blobs.GetBlobContainerClient(options.Value.Name("reports"));

    /// <summary>The folder of a period's latest reports: <c>monthly/2026-11</c> or <c>annual/2026</c>.</summary>
    public static string Folder(Period period) => $"{period.KindName}/{period}";

    /// <summary>The folder of one run's reports.</summary>
    public static string RunFolder(Period period, string runId) => $"runs/{period}/{runId}";

    /// <summary>Records that a run started.</summary>
    public async Task StartAsync(Period period, string runId, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        var runs = await tables.GetAsync("assessmentRuns", cancellationToken).ConfigureAwait(false);
        await runs.UpsertEntityAsync(new TableEntity(period.ToString(), runId) { ["Status"] = RunStatus.Running.ToText(), ["StartedAt"] = startedAt },
            TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records how a run ended.</summary>
    public async Task FinishAsync(Period period, string runId, DateTimeOffset finishedAt, string? error, CancellationToken cancellationToken = default)
    {
        var runs = await tables.GetAsync("assessmentRuns", cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(period.ToString(), runId)
        {
            ["Status"] = (error is null ? RunStatus.Completed : RunStatus.Failed).ToText(), ["FinishedAt"] = finishedAt, ["Error"] = error,
        };
        await runs.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Marks that a run is ending (published or failed) before its durable parts are cleaned up and its end recorded, so a
    /// fold activity that writes a part after the clean-up listed them sees it and deletes its own.
    /// </summary>
    public async Task MarkEndingAsync(Period period, string runId, CancellationToken cancellationToken = default)
    {
        var runs = await tables.GetAsync("assessmentRuns", cancellationToken).ConfigureAwait(false);
        await runs.UpsertEntityAsync(new TableEntity(period.ToString(), runId) { ["Ending"] = true }, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps a running run's progress in its status row (what the <c>202</c> status URL shows on any instance).</summary>
    public async Task SaveProgressAsync(Period period, string runId, AssessmentProgress.RunProgress progress, CancellationToken cancellationToken = default)
    {
        var runs = await tables.GetAsync("assessmentRuns", cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(period.ToString(), runId) { ["Progress"] = JsonSerializer.Serialize(progress, Json) };
        await runs.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A run's last saved progress; null when none was saved.</summary>
    public async Task<AssessmentProgress.RunProgress?> ProgressAsync(Period period, string runId, CancellationToken cancellationToken = default)
    {
        var runs = await tables.GetAsync("assessmentRuns", cancellationToken).ConfigureAwait(false);
        var found = await runs.GetEntityIfExistsAsync<TableEntity>(period.ToString(), runId, ["Progress"], cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value?.GetString("Progress") is { Length: > 0 } json
            ? JsonSerializer.Deserialize<AssessmentProgress.RunProgress>(json, Json)
            : null;
    }

    /// <summary>The status of a run; null when unknown.</summary>
    public async Task<StoredRun?> StatusAsync(Period period, string runId, CancellationToken cancellationToken = default)
    {
        var runs = await tables.GetAsync("assessmentRuns", cancellationToken).ConfigureAwait(false);
        var found = await runs.GetEntityIfExistsAsync<TableEntity>(period.ToString(), runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } e
            ? new StoredRun(period, runId, RunStatusText.Parse(e.GetString("Status")), e.GetDateTimeOffset("StartedAt") ?? default, e.GetDateTimeOffset("FinishedAt"), e.GetString("Error"))
            {
                Ending = e.GetBoolean("Ending") == true,
            }
            : null;
    }

    /// <summary>
    /// Publishes a run's files: first under the run's own folder, then the history rows, then the period's
    /// latest paths — so the latest paths never point at a run whose files are incomplete.
    /// A provisional result writes no history rows (trends compare final results only) and never replaces a final
    /// result at the latest paths: each latest file is written only over the version seen when publishing began, and
    /// only while that version is provisional (blob metadata <c>provisional</c>), so a final run publishing at the same
    /// moment wins file by file.
    /// </summary>
    /// <param name="result">The result (its <c>reports</c> already listing the latest paths).</param>
    /// <param name="files">The rendered files (e.g. <c>assessment.json</c>), each uploaded from its spooled copy.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>Whether the latest paths now hold this run; false only for a provisional run behind a final one.</returns>
    public async Task<bool> PublishAsync(AssessmentResult result, IReadOnlyList<global::Pipeline.Reports.ReportFile> files, CancellationToken cancellationToken = default)
    {
        var period = Period.Parse(result.Period);
        var container = Reports;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await WriteAllAsync(container, RunFolder(period, result.RunId), files, null, cancellationToken).ConfigureAwait(false);
        bool latest;
        if (result.Provisional)
        {
            latest = await WriteOverProvisionalAsync(container, Folder(period), files, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteHistoryAsync(result, cancellationToken).ConfigureAwait(false);
            await WriteAllAsync(container, Folder(period), files, FinalMetadata, cancellationToken).ConfigureAwait(false);
            latest = true;
        }

        await global::Pipeline.Reports.ReportIndex.UpdateAsync(container, result, latest, cancellationToken).ConfigureAwait(false);
        return latest;
    }

    /// <summary>
    /// Whether the latest paths of <paramref name="period"/> hold a final result (a file there not marked provisional;
    /// files published before provisional runs existed count as final).
    /// </summary>
    public async Task<bool> HasFinalAsync(Period period, CancellationToken cancellationToken = default)
    {
        var container = Reports;
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{Folder(period)}/", cancellationToken).ConfigureAwait(false))
            {
                if (!IsProvisional(blob.Metadata))
                {
                    return true;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No reports container yet: nothing published.
        }

        return false;
    }

    private const string ProvisionalKey = "provisional";
    private static readonly Dictionary<string, string> FinalMetadata = new() { [ProvisionalKey] = "false" };
    private static readonly Dictionary<string, string> ProvisionalMetadata = new() { [ProvisionalKey] = "true" };

    private static bool IsProvisional(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(ProvisionalKey, out var value) && value == "true";

    // A provisional run's latest files: each written on condition that it is still the version seen (or still absent); when
    // another run wrote it meanwhile, over that version only if it too is provisional. Any final file seen stops the run's
    // writes, so a final run's files are never overwritten (the ones this run wrote before are overwritten by the final run).
    private static async Task<bool> WriteOverProvisionalAsync(
        BlobContainerClient container, string folder, IReadOnlyList<global::Pipeline.Reports.ReportFile> files, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, ETag>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"{folder}/", cancellationToken).ConfigureAwait(false))
        {
            if (!IsProvisional(blob.Metadata))
            {
                return false;
            }

            seen[blob.Name] = blob.Properties.ETag ?? ETag.All;
        }

        var behindFinal = false;
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var blob = container.GetBlobClient($"{folder}/{file.Name}");
            using var activity = PipelineTelemetry.Start("pipeline.report.write", System.Diagnostics.ActivityKind.Producer);
            activity?.SetTag("pipeline.report.path", blob.Name);
            activity?.SetTag("pipeline.report.bytes", file.Length);
            var conditions = seen.TryGetValue(blob.Name, out var etag) ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            for (var attempt = 0; !Volatile.Read(ref behindFinal); attempt++)
            {
                try
                {
                    await using var content = file.OpenRead();
                    await blob.UploadAsync(content, new BlobUploadOptions
                    {
                        HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType },
                        Metadata = ProvisionalMetadata,
                        Conditions = conditions,
                    }, token).ConfigureAwait(false);
                    return;
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
                {
                    // Written since: by a final run (stop) or by another provisional run (write over its version).
                    try
                    {
                        var properties = await blob.GetPropertiesAsync(cancellationToken: token).ConfigureAwait(false);
                        if (!IsProvisional(properties.Value.Metadata))
                        {
                            Volatile.Write(ref behindFinal, true);
                            return;
                        }

                        conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag };
                    }
                    catch (RequestFailedException missing) when (missing.Status == 404)
                    {
                        conditions = new BlobRequestConditions { IfNoneMatch = ETag.All };
                    }
                }
            }
        }).ConfigureAwait(false);
        return !behindFinal;
    }

    /// <summary>Writes (or rewrites, completed) a run's manifest: <c>runs/{period}/{runId}/manifest.json</c> (CONTRACT §9).</summary>
    public Task WriteManifestAsync(RunManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return WriteRunFileAsync(manifest.Period, manifest.RunId, RunManifest.FileName,
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(manifest, Json)), cancellationToken);
    }

    /// <summary>A run's manifest as last written; null when the run wrote none.</summary>
    public async Task<RunManifest?> ManifestAsync(Period period, string runId, CancellationToken cancellationToken = default) =>
        await RunFileAsync(period, runId, RunManifest.FileName, cancellationToken).ConfigureAwait(false) is { } json
            ? JsonSerializer.Deserialize<RunManifest>(json, Json)
            : null;

    /// <summary>Keeps the master data a run read, for the run's other parts and for whoever explains the run later.</summary>
    public async Task<MasterDataReference> WriteMasterDataAsync(Period period, string runId, MasterData master, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(master);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(master, Json);
        var name = $"{period}/{runId}/master-data.json";
        var container = Inputs;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        }, cancellationToken).ConfigureAwait(false);
        return new MasterDataReference(name, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), master.Employees.Count, master.Customers.Count);
    }

    /// <summary>The master data a run kept (<see cref="WriteMasterDataAsync"/>), checked against its hash.</summary>
    public async Task<MasterData> ReadMasterDataAsync(MasterDataReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var content = await Inputs.GetBlobClient(reference.Blob).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
        var bytes = content.Value.Content.ToMemory();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.Span));
        if (hash != reference.Sha256)
        {
            throw new InvalidDataException($"The master data {reference.Blob} has SHA-256 {hash}, not the {reference.Sha256} its run recorded: it was changed after the run started.");
        }

        return JsonSerializer.Deserialize<MasterData>(bytes.Span, Json) ?? throw new InvalidDataException($"The master data {reference.Blob} is empty.");
    }

    /// <summary>The latest published result of a period as JSON text; null when it was never run.</summary>
    public Task<string?> LatestJsonAsync(Period period, CancellationToken cancellationToken = default) =>
        ReadTextAsync($"{Folder(period)}/assessment.json", cancellationToken);

    /// <summary>One run's result as JSON text; null when that run published nothing.</summary>
    public Task<string?> RunJsonAsync(Period period, string runId, CancellationToken cancellationToken = default) =>
        ReadTextAsync($"{RunFolder(period, runId)}/assessment.json", cancellationToken);

    /// <summary>
    /// Writes a file of a run's own beside its reports (<c>runs/{period}/{runId}/{name}</c>), never at the period's latest
    /// paths: e.g. <c>fanout.json</c>, which instances folded the partitions of a durable run.
    /// </summary>
    public async Task WriteRunFileAsync(Period period, string runId, string name, BinaryData content, CancellationToken cancellationToken = default)
    {
        var container = Reports;
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient($"{RunFolder(period, runId)}/{name}").UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = global::Pipeline.Reports.ReportFiles.ContentType(name) },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A file of a run's own (<see cref="WriteRunFileAsync"/>) as text; null when there is none.</summary>
    public Task<string?> RunFileAsync(Period period, string runId, string name, CancellationToken cancellationToken = default) =>
        ReadTextAsync($"{RunFolder(period, runId)}/{name}", cancellationToken);

    /// <summary>Deletes a file of a run's own, if it is there.</summary>
    public async Task DeleteRunFileAsync(Period period, string runId, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            await Reports.DeleteBlobIfExistsAsync($"{RunFolder(period, runId)}/{name}", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No reports container yet: nothing to delete.
        }
    }

    private async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Reports.GetBlobClient(path).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task WriteAllAsync(
        BlobContainerClient container, string folder, IReadOnlyList<global::Pipeline.Reports.ReportFile> files,
        IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (file, token) =>
        {
            var blob = container.GetBlobClient($"{folder}/{file.Name}");
            using var activity = PipelineTelemetry.Start("pipeline.report.write", System.Diagnostics.ActivityKind.Producer);
            activity?.SetTag("pipeline.report.path", blob.Name);
            activity?.SetTag("pipeline.report.bytes", file.Length);
            await using var content = file.OpenRead();
            await blob.UploadAsync(content, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType },
                Metadata = metadata,
            }, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task WriteHistoryAsync(AssessmentResult result, CancellationToken cancellationToken)
    {
        var history = await tables.GetAsync("assessmentHistory", cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(result.Scopes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (scope, token) =>
        {
            var entity = new TableEntity(HistoryPartition(scope.Scope, scope.Id), result.Period)
            {
                ["RunId"] = result.RunId,
                ["GeneratedAt"] = result.GeneratedAt,
                ["Name"] = scope.Name,
                ["Score"] = scope.Score,
                ["Grade"] = scope.Grade,
                ["Rank"] = scope.Rank,
                ["Kpis"] = JsonSerializer.Serialize(scope.Kpis, Json),
            };
            await history.UpsertEntityAsync(entity, TableUpdateMode.Replace, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The history partition of a scope.</summary>
    public static string HistoryPartition(string scope, string id) => StorageKeys.EscapeKey($"{scope}~{id}");

    /// <summary>
    /// A scope's stored results for the periods from <paramref name="from"/> to <paramref name="to"/> (row keys compare as
    /// text, so an annual period between them is returned too): period → KPIs JSON, in one query.
    /// </summary>
    public async Task<IReadOnlyList<(string Period, string Kpis, double? Score)>> HistoryAsync(
        string scope, string id, Period from, Period to, CancellationToken cancellationToken = default)
    {
        // One row per period ever assessed for the scope: read them all and compare periods as periods (a quarter's
        // or a year's row key does not sort among the months' as text).
        var history = await tables.GetAsync("assessmentHistory", cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HistoryPartition(scope, id)}");
        var rows = new List<(Period, string, double?)>();
        await foreach (var entity in history.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Period.TryParse(entity.RowKey, out var period) && period.Kind == from.Kind && period >= from && period <= to)
            {
                rows.Add((period, entity.GetString("Kpis"), entity.GetDouble("Score")));
            }
        }

        return rows.OrderBy(r => r.Item1).Select(r => (r.Item1.ToString(), r.Item2, r.Item3)).ToList();
    }
}
