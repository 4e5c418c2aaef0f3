using System.Reflection;
using Pipeline.Kpis;
using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Runs;

/// <summary>
/// What explains a run a year later (CONTRACT §9): written as <c>runs/{period}/{runId}/manifest.json</c> when the run
/// starts, and again, completed, when it ends. Every stage of the run reads it; none reads "now" or master data again.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Period">The period assessed.</param>
/// <param name="Kind">The kind of period (<c>monthly</c>, <c>quarterly</c>, <c>annual</c>).</param>
/// <param name="StartedAt">The run's as-of instant: the plan, the cut-off of a provisional run and "now" of every stage.</param>
/// <param name="CutOff">The period's cut-off as the run applies it (the as-of instant for a provisional run).</param>
/// <param name="Provisional">Whether the period had not reached its cut-off (assessed to date).</param>
/// <param name="TimeZone">The company time zone (IANA id).</param>
/// <param name="Settings">The assessment settings in force: scorecard, thresholds, SLAs, penalties, coefficients, calendar.</param>
/// <param name="MasterData">Where the master data the run read is kept, and its hash.</param>
/// <param name="CodeVersion">The version of the code that ran (the assembly's informational version, with its commit).</param>
/// <param name="Restates">The closed run this one replaces, or null.</param>
/// <param name="Status">How far the run got.</param>
public sealed record RunManifest(
    string RunId,
    Period Period,
    string Kind,
    DateTimeOffset StartedAt,
    DateTimeOffset CutOff,
    bool Provisional,
    string TimeZone,
    AssessmentSettings Settings,
    MasterDataReference MasterData,
    string CodeVersion,
    string? Restates,
    RunStatus Status)
{
    /// <summary>The file name of a run's manifest, beside its reports.</summary>
    public const string FileName = "manifest.json";

    /// <summary>How the run's partitions were folded: <c>inProcess</c>, or <c>durable</c> (a fan-out over the task hub's instances).</summary>
    public string Executor { get; init; } = InProcessExecutor;

    /// <summary>The <see cref="Executor"/> of a run folded in the process that started it.</summary>
    public const string InProcessExecutor = "inProcess";

    /// <summary>The <see cref="Executor"/> of a run folded by a Durable Functions orchestration.</summary>
    public const string DurableExecutor = "durable";

    /// <summary>The input fingerprint (CONTRACT §9): every partition read, counted and hashed while folding; null until the run is folded.</summary>
    public InputFingerprint? Fingerprint { get; init; }

    /// <summary>When the run ended; null while it runs.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why it failed; null unless <see cref="Status"/> is <see cref="RunStatus.Failed"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The files the run published (paths in the <c>reports</c> container); empty until it is published.</summary>
    public IReadOnlyList<string> Reports { get; init; } = [];

    /// <summary>The version of this code: the assembly's informational version (with the commit where the build knew it).</summary>
    public static string CurrentCodeVersion { get; } =
        typeof(RunManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunManifest).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}

/// <summary>Where a run's master data is kept (a private container: customer files are confidential) and what it holds.</summary>
/// <param name="Blob">The blob in the <c>run-inputs</c> container: <c>{period}/{runId}/master-data.json</c>.</param>
/// <param name="Sha256">The SHA-256 of that blob's bytes, lower-case hex.</param>
/// <param name="Employees">How many employees it holds.</param>
/// <param name="Customers">How many customer files it holds.</param>
public sealed record MasterDataReference(string Blob, string Sha256, int Employees, int Customers);

/// <summary>How far a run got.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(RunStatusJsonConverter))]
public enum RunStatus
{
    /// <summary>Started and not ended.</summary>
    Running,

    /// <summary>Published.</summary>
    Completed,

    /// <summary>Ended without publishing anything at the period's latest paths.</summary>
    Failed,
}

/// <summary>The text of a <see cref="RunStatus"/> as stored and answered: <c>running</c>, <c>completed</c>, <c>failed</c>.</summary>
public static class RunStatusText
{
    /// <summary>The stored text of <paramref name="status"/>.</summary>
    public static string ToText(this RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Completed => "completed",
        _ => "failed",
    };

    /// <summary>The status stored as <paramref name="text"/>.</summary>
    public static RunStatus Parse(string? text) => text switch
    {
        "running" => RunStatus.Running,
        "completed" => RunStatus.Completed,
        "failed" => RunStatus.Failed,
        _ => throw new FormatException($"'{text}' is not a run status (running, completed or failed)."),
    };
}

/// <summary>A <see cref="RunStatus"/> in JSON as its camelCase text (<c>running</c>, <c>completed</c>, <c>failed</c>).</summary>
public sealed class RunStatusJsonConverter() : System.Text.Json.Serialization.JsonStringEnumConverter<RunStatus>(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false);
