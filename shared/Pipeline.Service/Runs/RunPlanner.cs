using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using Pipeline.Storage;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// The plan stage of a run: one as-of instant, the period's state at it (refused when the period has not started), the
/// partitions to read, the settings in force and the master data read once — everything the later stages read instead
/// of the clock, the configuration or the tables.
/// </summary>
public sealed class RunPlanner(RecordReader reader, AssessmentSettings settings, CompanyTimeZone zone, TimeProvider time)
{
    /// <summary>A new, sortable run id: the UTC start time and a random suffix.</summary>
    public string NewRunId() =>
        $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";

    /// <summary>
    /// The run of <paramref name="period"/> as of now, without its master data yet: refused with
    /// <see cref="PeriodNotStartedException"/> when the period has not started (in the company time zone); provisional
    /// (to date) while its cut-off has not passed.
    /// </summary>
    public ScheduledRun Schedule(Period period, string runId)
    {
        var asOf = time.GetUtcNow();
        var state = zone.StateOf(period, asOf);
        if (state == PeriodState.NotStarted)
        {
            throw new PeriodNotStartedException(period, zone);
        }

        var provisional = state == PeriodState.Running;
        var plan = AssessmentPlan.For(period, asOf, provisional, settings, zone);
        var cutOff = new FoldContext(period, settings, zone, [], null, provisional ? asOf : null).CutOff;
        return new ScheduledRun(runId, plan, cutOff);
    }

    /// <summary>Reads the master data once and makes the run's manifest (not yet stored).</summary>
    public async Task<PlannedRun> PlanAsync(ScheduledRun run, Func<MasterData, Task<MasterDataReference>> keep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(keep);
        var master = await ReadMasterDataAsync(cancellationToken).ConfigureAwait(false);
        var period = run.Plan.Period;
        var manifest = new RunManifest(run.RunId, period, period.KindName, run.Plan.AsOf, run.CutOff, run.Plan.Provisional, zone.Id, settings,
            await keep(master).ConfigureAwait(false), RunManifest.CurrentCodeVersion, Restates: null, RunStatus.Running);
        return new PlannedRun(manifest, run.Plan, master);
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
}

/// <summary>A run whose as-of instant and partitions are fixed, its master data not read yet.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Plan">Its plan.</param>
/// <param name="CutOff">The cut-off it applies.</param>
public sealed record ScheduledRun(string RunId, AssessmentPlan Plan, DateTimeOffset CutOff);

/// <summary>A run planned: its manifest, its plan and the master data it folds with.</summary>
/// <param name="Manifest">The manifest (as written when the run starts).</param>
/// <param name="Plan">The partitions to fold.</param>
/// <param name="MasterData">The master data read once for the run.</param>
public sealed record PlannedRun(RunManifest Manifest, AssessmentPlan Plan, MasterData MasterData)
{
    /// <summary>The run's fold contexts.</summary>
    public FoldContexts Contexts { get; } = FoldContexts.Of(Manifest, MasterData);
}

/// <summary>A period that has not started yet (in the company time zone) has nothing to assess, not even to date.</summary>
public sealed class PeriodNotStartedException : InvalidOperationException
{
    /// <summary>The refusal of <paramref name="period"/>, which starts at its first local day in <paramref name="zone"/>.</summary>
    public PeriodNotStartedException(Period period, CompanyTimeZone zone)
        : base($"{period} has not started yet: it starts at {(zone ?? throw new ArgumentNullException(nameof(zone))).StartOf(period).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)} ({zone.Id}, the company time zone).")
    {
        Period = period;
    }

    /// <summary>An empty refusal (for serializers).</summary>
    public PeriodNotStartedException()
    {
    }

    /// <summary>A refusal with <paramref name="message"/>.</summary>
    public PeriodNotStartedException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public PeriodNotStartedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The period refused.</summary>
    public Period Period { get; }
}
