using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pipeline.Reports;
using Pipeline.Settings;
using Microsoft.Extensions.Logging;
using Pipeline.Records;
using Pipeline.Storage;
using Pipeline.Time;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Runs;

/// <summary>
/// Runs one assessment: reads the period's records (and the previous period's, for the change tests)
/// partition by partition in parallel, folds them into the engine, and publishes the result.
/// </summary>
public sealed partial class AssessmentRunner(
    RecordReader reader,
    AssessmentStore store,
    AssessmentSettings settings,
    CompanyTimeZone zone,
    TimeProvider time,
    IOptions<ReportOptions> reports,
    ILogger<AssessmentRunner> logger,
    AssessmentEvents? events = null,
    AssessmentProgressBoard? board = null)
{
    // Partitions read and folded at once in this process (each is a query of up to 1,000 entities a page).
    private const int PartitionsAtOnce = 8;

    // Parts folded but not yet merged, at most (a slow partition holds the ones after it back to this many).
    private const int PartsWaiting = 4 * PartitionsAtOnce;

    /// <summary>A new, sortable run id: the UTC start time and a random suffix.</summary>
    public string NewRunId() =>
        $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>
    /// Assesses <paramref name="period"/> and publishes the result under <paramref name="runId"/>: finally once the period
    /// has ended, provisionally (to date, never announced) while it runs. A period that has not started cannot be
    /// assessed (<see cref="InvalidOperationException"/>; the HTTP route refuses it with 400 before this).
    /// </summary>
    public async Task<AssessmentResult> RunAsync(Period period, string runId, CancellationToken cancellationToken = default)
    {
        var started = time.GetUtcNow();
        EnsureStarted(period, started);
        using var tracking = AssessmentTracking.Begin(board, period, runId); // span, progress, duration, alerts
        await store.StartAsync(period, runId, started, cancellationToken).ConfigureAwait(false);
        try
        {
            var (result, engine, figures) = await ComputeAsync(period, runId, cancellationToken).ConfigureAwait(false);
            return await PublishAsync(result, engine, figures, started, tracking, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await FailAsync(period, runId, ex, tracking).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The plan of a run of <paramref name="period"/> starting now: provisional (to date) while the period runs. A period
    /// that has not started cannot be assessed (<see cref="InvalidOperationException"/>).
    /// </summary>
    public AssessmentPlan Plan(Period period)
    {
        var asOf = time.GetUtcNow();
        var provisional = EnsureStarted(period, asOf) == PeriodState.Running;
        return AssessmentPlan.For(period, asOf, provisional, settings, zone);
    }

    /// <summary>
    /// Publishes a computed result (its history, reports and latest paths), records the run as completed and announces
    /// it: the end of every run, whichever way its partitions were folded.
    /// </summary>
    public async Task<AssessmentResult> PublishAsync(
        AssessmentResult result, AssessmentEngine engine, IReadOnlyList<ScopeFigures> figures, DateTimeOffset started, AssessmentTracking? tracking,
        CancellationToken cancellationToken = default)
    {
        var period = Period.Parse(result.Period);
        var runId = result.RunId;
        tracking?.Stage("reporting"); // history, rendering, publishing
        if (result.Provisional && await store.HasFinalAsync(period, cancellationToken).ConfigureAwait(false))
        {
            // A final result of the period is published already (a clock behind another instance's, or a time zone
            // changed since): this run keeps its own folder and leaves the period's latest paths to the final one.
            result = result with { Reports = ReportFiles.Names(reports.Value.Culture).Select(name => $"{AssessmentStore.RunFolder(period, runId)}/{name}").ToList() };
        }

        var history = await HistoryAsync(result, cancellationToken).ConfigureAwait(false);
        using var files = ReportFiles.Write(new ReportInput(result, engine.Details, figures, history, engine.Context), reports.Value.Culture);
        if (!await store.PublishAsync(result, files, cancellationToken).ConfigureAwait(false))
        {
            LogKeptBehindFinal(period.ToString(), runId);
        }

        tracking?.Published(result);
        await store.FinishAsync(period, runId, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
        if (events is not null) // which sends nothing for a provisional result
        {
            await events.PublishedAsync(result, cancellationToken).ConfigureAwait(false);
        }

        LogAssessed(period.ToString(), runId, result.Scopes.Count, result.Alerts.Count, (time.GetUtcNow() - started).TotalSeconds);
        return result;
    }

    /// <summary>Records that a run failed, with its error (nothing of it is published past this point).</summary>
    public async Task FailAsync(Period period, string runId, Exception exception, AssessmentTracking? tracking = null)
    {
        LogFailed(exception, period.ToString(), runId);
        tracking?.Failed(exception);
        await store.FinishAsync(period, runId, time.GetUtcNow(), exception.Message, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Records that a run failed elsewhere (an activity of its orchestration), with <paramref name="error"/>.</summary>
    public async Task FailAsync(Period period, string runId, string error)
    {
        LogFailedWith(period.ToString(), runId, error);
        await store.FinishAsync(period, runId, time.GetUtcNow(), error, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Computes the result (and the engine and figures behind it, for the reports) without publishing anything. Each
    /// partition is folded into a part of its own and the parts are merged; since the fold is exact, the result does not
    /// depend on the order pages arrive in or on how many partitions are read at once.
    /// </summary>
    /// <remarks>
    /// A period that has not ended is computed provisionally: the cut-off is the instant the computation starts, and records
    /// anchored after it (a task planned for later in the month, a receivable not yet due, a sale dated ahead) are left
    /// out, so the figures are the period's to date.
    /// </remarks>
    public async Task<(AssessmentResult Result, AssessmentEngine Engine, IReadOnlyList<ScopeFigures> Figures)> ComputeAsync(
        Period period, string runId, CancellationToken cancellationToken = default)
    {
        var plan = Plan(period);
        var progress = board?.Find(runId);
        progress?.Stage("reading");
        var master = await ReadMasterDataAsync(cancellationToken).ConfigureAwait(false);
        progress?.Read(RecordKinds.Employees.Name, master.Employees.Count);
        var (currentContext, previousContext) = Contexts(plan, master);

        // Every partition folded into a part of its own, several at a time, and merged in the plan's order as soon as every
        // part before it is merged (an ordered fan-in). A partition starts only while fewer than PartsWaiting parts are
        // folded or unmerged, so memory holds a bounded window of parts, not a year of them; the order of merging, and so
        // the result, is the plan's whatever order the folds end in.
        var slots = plan.Partitions.Select(_ => new TaskCompletionSource<(AssessmentEngine, AssessmentEngine)>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var window = new SemaphoreSlim(PartsWaiting);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? firstFailure = null; // the first fold that failed on its own (the others it cancelled fail with a cancellation)
        var folding = Parallel.ForEachAsync(InWindow(plan.Partitions.Count, window, stop.Token), new ParallelOptions { MaxDegreeOfParallelism = PartitionsAtOnce, CancellationToken = stop.Token },
            async (index, token) =>
            {
                try
                {
                    slots[index].TrySetResult(await FoldAsync(plan, plan.Partitions[index], currentContext, previousContext, progress, token).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    if (ex is not OperationCanceledException)
                    {
                        Interlocked.CompareExchange(ref firstFailure, ex, null);
                    }

                    slots[index].TrySetException(ex);
                    throw;
                }
            });
        try
        {
            var indexOf = plan.Partitions.Select((work, index) => (work.Key, index)).ToDictionary(p => p.Key, p => p.index, StringComparer.Ordinal);
            var result = await MergeAsync(plan, runId, (currentContext, previousContext), async work =>
            {
                var index = indexOf[work.Key];
                var slot = slots[index].Task;
                await Task.WhenAny(slot, folding).ConfigureAwait(false);
                if (!slot.IsCompleted)
                {
                    await folding.ConfigureAwait(false); // the folds stopped (failed or cancelled) before this part was made
                    throw new InvalidOperationException($"partition {work.Key} was not folded");
                }

                var part = await slot.ConfigureAwait(false);
                slots[index] = null!; // merged: let it go
                window.Release();
                if (index == plan.Partitions.Count - 1)
                {
                    progress?.Stage("merging");
                }

                return part;
            }).ConfigureAwait(false);
            await folding.ConfigureAwait(false);
            return result;
        }
        catch (Exception mergeError)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await folding.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Observed below: the folds stopped, because of the merge's failure or of their own.
            }

            // A fold that failed cancels the others, and the merge may be waiting on one of those: report the failure
            // that caused it all (a partition that could not be read), not the cancellation it caused. (Parallel.ForEachAsync
            // ends cancelled, not faulted, once the merge's failure has cancelled it, so the first failure is kept aside.)
            var cause = Volatile.Read(ref firstFailure);
            if (mergeError is OperationCanceledException && cause is not null && !cancellationToken.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(cause).Throw();
            }

            throw;
        }
    }

    // The partition indexes in the plan's order, each taken only when the window has room: permits are taken in order, so
    // the part the merge waits for has always been started.
    private static async IAsyncEnumerable<int> InWindow(int count, SemaphoreSlim window, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            yield return i;
        }
    }

    /// <summary>
    /// Merges the parts of every partition of <paramref name="plan"/>, in the plan's order, into the result of the run:
    /// the master data first, then each part as <paramref name="partOf"/> gives it (from memory, or from where another
    /// instance left it). The same code for every way of folding, so every way gives the same result.
    /// </summary>
    public async Task<(AssessmentResult Result, AssessmentEngine Engine, IReadOnlyList<ScopeFigures> Figures)> MergeAsync(
        AssessmentPlan plan, string runId, (FoldContext Current, FoldContext Previous) contexts,
        Func<PartitionWork, Task<(AssessmentEngine Current, AssessmentEngine Previous)>> partOf)
    {
        var total = new AssessmentEngine(contexts.Current);
        var before = new AssessmentEngine(contexts.Previous);
        total.AddMasterData();
        before.AddMasterData();
        foreach (var work in plan.Partitions)
        {
            var part = await partOf(work).ConfigureAwait(false);
            total.Merge(part.Current);
            before.Merge(part.Previous);
        }

        var figures = total.Figures();
        var folder = AssessmentStore.Folder(Period.Parse(plan.Period));
        var result = total.Complete(runId, time.GetUtcNow(), figures, before.Figures(), before.Period) with
        {
            Reports = ReportFiles.Names(reports.Value.Culture).Select(name => $"{folder}/{name}").ToList(),
        };
        return (result, total, figures);
    }

    /// <summary>Every employee and customer file, as they stand now, in id order (a duplicate id resolves the same way every run).</summary>
    public async Task<MasterData> ReadMasterDataAsync(CancellationToken cancellationToken = default)
    {
        var employees = new List<Employee>();
        var customers = new List<Customer>();
        await reader.ReadAsync(RecordKinds.MasterData, [], page =>
        {
            lock (employees)
            {
                if (page.Kind == RecordKinds.Employees)
                {
                    employees.AddRange(page.Records.Select(RecordKinds.Employees.Read));
                }
                else
                {
                    customers.AddRange(page.Records.Select(RecordKinds.Customers.Read));
                }
            }

            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        employees.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        customers.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new MasterData(employees, customers);
    }

    /// <summary>The fold contexts of the plan's period and the previous one, with <paramref name="master"/>.</summary>
    public (FoldContext Current, FoldContext Previous) Contexts(AssessmentPlan plan, MasterData master)
    {
        var period = Period.Parse(plan.Period);
        return (new FoldContext(period, settings, zone, master.Employees, master.Customers, plan.Provisional ? plan.AsOf : null),
            new FoldContext(period.Previous, settings, zone, master.Employees, master.Customers));
    }

    /// <summary>
    /// Reads one partition of the plan and folds it into a part of the period and a part of the previous one. A running
    /// period is assessed to date: its records anchored at or after the cut-off (the run's instant) are left out.
    /// </summary>
    public async Task<(AssessmentEngine Current, AssessmentEngine Previous)> FoldAsync(
        AssessmentPlan plan, PartitionWork work, FoldContext currentContext, FoldContext previousContext, AssessmentProgress? progress = null,
        CancellationToken cancellationToken = default)
    {
        var kind = KpiCatalog.FindKind(work.Kind) ?? throw new ArgumentException($"no record kind '{work.Kind}'", nameof(work));
        var (current, previous) = (new AssessmentEngine(currentContext), new AssessmentEngine(previousContext));
        await reader.ReadPartitionAsync(kind, Period.Parse(work.Month), work.Partition, page => FoldPage(page), cancellationToken).ConfigureAwait(false);
        return (current, previous);

        ValueTask FoldPage(RecordReader.Page page)
        {
            progress?.Read(page.Kind.Name, page.Records.Count);
            foreach (var values in page.Records)
            {
                var intoCurrent = work.Current && (!plan.Provisional || AnchoredBefore(kind, values, currentContext));
                if (!intoCurrent && !work.Previous)
                {
                    continue;
                }

                object record;
                try
                {
                    record = kind.ReadRecord(values);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The operator's first question: which partition, which record (a storage error is not caught here).
                    throw new InvalidDataException(
                        $"Partition {work.Key}: the stored {kind.Name} record '{(values.TryGetValue("id", out var id) ? id : "?")}' could not be read: {ex.Message}", ex);
                }

                if (intoCurrent)
                {
                    current.Add(record);
                }

                if (work.Previous)
                {
                    previous.Add(record);
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    // A period that has not started has nothing to assess, not even to date.
    private PeriodState EnsureStarted(Period period, DateTimeOffset now)
    {
        var state = zone.StateOf(period, now);
        return state != PeriodState.NotStarted
            ? state
            : throw new InvalidOperationException($"{period} has not started yet: it starts at {zone.StartOf(period).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)} ({zone.Id}).");
    }

    // Whether a record of a provisional period is anchored before the cut-off: an instant before it, or a local date before
    // the cut-off's date (today's records count). Records are in their period's month by their anchor, so only those
    // anchored later in the running period are left out.
    private static bool AnchoredBefore(RecordKind kind, RecordValues values, FoldContext context) =>
        kind.Anchor is not { } anchor || !values.TryGetValue(anchor, out var value) || value switch
        {
            DateTimeOffset instant => instant < context.CutOff,
            DateOnly date => date < context.CutOffDate,
            _ => true,
        };

    // The stored results of the company and every department over the eleven periods before this one (final results
    // only: a provisional run writes no history).
    private async Task<IReadOnlyDictionary<string, IReadOnlyList<(string Period, JsonObject Kpis)>>> HistoryAsync(
        AssessmentResult result, CancellationToken cancellationToken)
    {
        var period = Period.Parse(result.Period);
        var from = period;
        for (var i = 0; i < 11; i++)
        {
            from = from.Previous;
        }

        var scopes = result.Scopes.Where(s => s.Scope is "company" or "department").ToList();
        var history = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<(string, JsonObject)>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(scopes, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (scope, token) =>
        {
            var rows = await store.HistoryAsync(scope.Scope, scope.Id, from, period.Previous, token).ConfigureAwait(false);
            history[$"{scope.Scope}:{scope.Id}"] = rows
                .Select(r => (Period: Period.Parse(r.Period), r.Kpis))
                .Where(r => r.Period.Kind == period.Kind)
                .OrderBy(r => r.Period)
                .Select(r => (Period: r.Period.ToString(), r.Kpis))
                .Select(r => (r.Period, JsonNode.Parse(r.Kpis)!.AsObject()))
                .ToList();
        }).ConfigureAwait(false);
        return history;
    }

    [LoggerMessage(LogLevel.Information, "Assessed {Period} (run {RunId}): {Scopes} scopes, {Alerts} alerts in {Seconds:0.0} s")]
    private partial void LogAssessed(string period, string runId, int scopes, int alerts, double seconds);

    [LoggerMessage(LogLevel.Warning,
        "Provisional run {RunId} of {Period} was kept under its own folder only: a final result of the period is published, and stays the latest")]
    private partial void LogKeptBehindFinal(string period, string runId);

    [LoggerMessage(LogLevel.Error, "Assessment of {Period} (run {RunId}) failed")]
    private partial void LogFailed(Exception exception, string period, string runId);

    [LoggerMessage(LogLevel.Error, "Assessment of {Period} (run {RunId}) failed: {Error}")]
    private partial void LogFailedWith(string period, string runId, string error);
}
