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
    AssessmentEvents? events = null)
{
    private static readonly RecordKind[] Activity =
    [
        RecordKinds.Sales, RecordKinds.Surveys, RecordKinds.Complaints, RecordKinds.Inquiries, RecordKinds.ServiceTickets,
        RecordKinds.Expenses, RecordKinds.Campaigns, RecordKinds.ResearchTasks,
    ];

    /// <summary>A new, sortable run id: the UTC start time and a random suffix.</summary>
    public string NewRunId() =>
        $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>Assesses <paramref name="period"/> and publishes the result under <paramref name="runId"/>.</summary>
    public async Task<AssessmentResult> RunAsync(Period period, string runId, CancellationToken cancellationToken = default)
    {
        var started = time.GetUtcNow();
        await store.StartAsync(period, runId, started, cancellationToken).ConfigureAwait(false);
        try
        {
            var (result, engine) = await ComputeAsync(period, runId, cancellationToken).ConfigureAwait(false);
            var history = await HistoryAsync(result, cancellationToken).ConfigureAwait(false);
            var files = ReportFiles.Build(new ReportInput(result, engine.Analysis, engine.Figures(), history), reports.Value.Culture);
            await store.PublishAsync(result, files, cancellationToken).ConfigureAwait(false);
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
            await store.FinishAsync(period, runId, time.GetUtcNow(), ex.Message, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Computes the result (and the engine behind it, for the reports) without publishing anything.</summary>
    public async Task<(AssessmentResult Result, AssessmentEngine Engine)> ComputeAsync(Period period, string runId, CancellationToken cancellationToken = default)
    {
        var employees = new List<Employee>();
        await reader.ReadAsync([RecordKinds.Employees], [], page =>
        {
            lock (employees)
            {
                employees.AddRange(page.Records.Select(Inputs.Employee));
            }

            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);

        var current = new AssessmentEngine(period, settings, zone, employees);
        var previous = new AssessmentEngine(period.Previous, settings, zone, employees);
        var months = period.Months().Concat(period.Previous.Months()).ToList();
        var currentMonths = period.Months().ToHashSet();

        // Targets first: every scope with a target must exist before activity is folded (order does not
        // change figures, but targets are few and this keeps one pass over the activity).
        await reader.ReadAsync([RecordKinds.Targets], months, page => Fold(page, current, previous), cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(Activity, months, page => Fold(page, currentMonths.Contains(page.Month!.Value) ? current : previous, null),
            cancellationToken).ConfigureAwait(false);

        var folder = AssessmentStore.Folder(period);
        var result = current.Complete(runId, time.GetUtcNow(), previous) with
        {
            Reports = ReportFiles.Names(reports.Value.Culture).Select(name => $"{folder}/{name}").ToList(),
        };
        return (result, current);
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
                .Where(r => r.Period.Length == result.Period.Length)
                .OrderBy(r => r.Period, StringComparer.Ordinal)
                .Select(r => (r.Period, JsonNode.Parse(r.Kpis)!.AsObject()))
                .ToList();
        }).ConfigureAwait(false);
        return history;
    }

    private static ValueTask Fold(RecordReader.Page page, AssessmentEngine engine, AssessmentEngine? alsoInto)
    {
        lock (engine)
        {
            foreach (var values in page.Records)
            {
                Add(engine, page.Kind, values);
            }
        }

        if (alsoInto is not null)
        {
            lock (alsoInto)
            {
                foreach (var values in page.Records)
                {
                    Add(alsoInto, page.Kind, values);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    private static void Add(AssessmentEngine engine, RecordKind kind, RecordValues values)
    {
        switch (kind.Name)
        {
            case "sales": engine.Add(Inputs.Sale(values)); break;
            case "targets": engine.Add(Inputs.Target(values)); break;
            case "surveys": engine.Add(Inputs.Survey(values)); break;
            case "complaints": engine.Add(Inputs.Complaint(values)); break;
            case "inquiries": engine.Add(Inputs.Inquiry(values)); break;
            case "serviceTickets": engine.Add(Inputs.ServiceTicket(values)); break;
            case "expenses": engine.Add(Inputs.Expense(values)); break;
            case "campaigns": engine.Add(Inputs.Campaign(values)); break;
            case "researchTasks": engine.Add(Inputs.ResearchTask(values)); break;
            default: throw new InvalidOperationException($"{kind.Name} is not folded into an assessment");
        }
    }

    [LoggerMessage(LogLevel.Information, "Assessed {Period} (run {RunId}): {Scopes} scopes, {Alerts} alerts in {Seconds:0.0} s")]
    private partial void LogAssessed(string period, string runId, int scopes, int alerts, double seconds);

    [LoggerMessage(LogLevel.Error, "Assessment of {Period} (run {RunId}) failed")]
    private partial void LogFailed(Exception exception, string period, string runId);
}
