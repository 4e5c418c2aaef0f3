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
    /// <summary>A new, sortable run id: the UTC start time and a random suffix.</summary>
    public string NewRunId() =>
        $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Assesses <paramref name="period"/> and publishes the result under <paramref name="runId"/>.</summary>
    public async Task<AssessmentResult> RunAsync(Period period, string runId, CancellationToken cancellationToken = default)
    {
        var started = time.GetUtcNow();
        using var tracking = AssessmentTracking.Begin(board, period, runId); // span, progress, duration, alerts
        await store.StartAsync(period, runId, started, cancellationToken).ConfigureAwait(false);
        try
        {
            var (result, engine, figures) = await ComputeAsync(period, runId, cancellationToken).ConfigureAwait(false);
            tracking.Stage("reporting"); // history, rendering, publishing
            var history = await HistoryAsync(result, cancellationToken).ConfigureAwait(false);
            var files = ReportFiles.Build(new ReportInput(result, engine.Details, figures, history, engine.Context), reports.Value.Culture);
            await store.PublishAsync(result, files, cancellationToken).ConfigureAwait(false);
            tracking.Published(result);
            await store.FinishAsync(period, runId, time.GetUtcNow(), null, cancellationToken).ConfigureAwait(false);
            if (events is not null)
            {
                await events.PublishedAsync(result, cancellationToken).ConfigureAwait(false);
            }

            LogAssessed(period.ToString(), runId, result.Scopes.Count, result.Alerts.Count, (time.GetUtcNow() - started).TotalSeconds);
            return result;
        }
        catch (Exception ex)
        {
            LogFailed(ex, period.ToString(), runId);
            tracking.Failed(ex);
            await store.FinishAsync(period, runId, time.GetUtcNow(), ex.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Computes the result (and the engine and figures behind it, for the reports) without publishing anything. Each
    /// partition is folded into a part of its own and the parts are merged; since the fold is exact, the result does not
    /// depend on the order pages arrive in or on how many partitions are read at once.
    /// </summary>
    public async Task<(AssessmentResult Result, AssessmentEngine Engine, IReadOnlyList<ScopeFigures> Figures)> ComputeAsync(
        Period period, string runId, CancellationToken cancellationToken = default)
    {
        var progress = board?.Find(runId);
        progress?.Stage("reading");
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
        progress?.Read(RecordKinds.Employees.Name, employees.Count);

        // Master data in a stated order, so a duplicate id (impossible in storage, possible in a test) resolves the same way.
        employees.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        customers.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var currentContext = new FoldContext(period, settings, zone, employees, customers);
        var previousContext = new FoldContext(period.Previous, settings, zone, employees, customers);
        // Each kind is read over the dates its families need for both periods: the periods themselves, and for
        // receivables the year before each cut-off. A page goes to each period whose dates it overlaps.
        var reads = new List<(RecordKind Kind, IReadOnlyCollection<Period> Months)>
        {
            (RecordKinds.Targets, period.Months().Concat(period.Previous.Months()).ToList()),
        };
        var windows = new Dictionary<RecordKind, (DateRange Current, DateRange Previous)>();
        foreach (var kind in KpiCatalog.ActivityKinds)
        {
            var window = (Current: KpiCatalog.Reads(kind, currentContext), Previous: KpiCatalog.Reads(kind, previousContext));
            windows[kind] = window;
            reads.Add((kind, window.Current.Months().Union(window.Previous.Months()).Order().ToList()));
        }

        var parts = new System.Collections.Concurrent.ConcurrentDictionary<string, (AssessmentEngine Current, AssessmentEngine Previous)>(StringComparer.Ordinal);
        await reader.ReadAsync(reads, page =>
        {
            // The pages of one partition arrive in turn, so each part is folded by one thread at a time.
            var (current, previous) = parts.GetOrAdd($"{page.Kind.Name}/{page.Partition}",
                _ => (new AssessmentEngine(currentContext), new AssessmentEngine(previousContext)));
            progress?.Read(page.Kind.Name, page.Records.Count);
            var toCurrent = page.Kind == RecordKinds.Targets || windows[page.Kind].Current.Overlaps(page.Month!.Value);
            var toPrevious = page.Kind == RecordKinds.Targets || windows[page.Kind].Previous.Overlaps(page.Month!.Value);
            foreach (var values in page.Records)
            {
                var record = page.Kind.ReadRecord(values);
                if (toCurrent)
                {
                    current.Add(record);
                }

                if (toPrevious)
                {
                    previous.Add(record);
                }
            }

            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        progress?.Stage("merging");
        var total = new AssessmentEngine(currentContext);
        var before = new AssessmentEngine(previousContext);
        total.AddMasterData();
        before.AddMasterData();
        foreach (var (_, part) in parts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            total.Merge(part.Current);
            before.Merge(part.Previous);
        }

        var figures = total.Figures();
        var folder = AssessmentStore.Folder(period);
        var result = total.Complete(runId, time.GetUtcNow(), figures, before.Figures(), before.Period) with
        {
            Reports = ReportFiles.Names(reports.Value.Culture).Select(name => $"{folder}/{name}").ToList(),
        };
        return (result, total, figures);
    }

    // The stored results of the company and every department over the eleven periods before this one.
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

    [LoggerMessage(LogLevel.Error, "Assessment of {Period} (run {RunId}) failed")]
    private partial void LogFailed(Exception exception, string period, string runId);
}
