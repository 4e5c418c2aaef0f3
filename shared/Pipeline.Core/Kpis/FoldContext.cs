using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Kpis;

/// <summary>
/// What folding a record needs besides the record: the period and its cut-off, the settings, the SLA clock and
/// the master data known when the assessment runs. One per period assessed; never reads the system clock.
/// </summary>
public sealed class FoldContext
{
    private readonly Dictionary<string, Employee> _employees;

    /// <summary>The context of <paramref name="period"/>.</summary>
    public FoldContext(Period period, AssessmentSettings settings, CompanyTimeZone zone, IEnumerable<Employee> employees)
    {
        Period = period;
        Settings = settings;
        Zone = zone;
        Clock = new SlaClock(settings.BusinessHours, zone);
        CutOff = zone.CutOffOf(period, settings.GraceDays);
        CutOffDate = period.EndExclusive.AddDays(settings.GraceDays);
        _employees = new Dictionary<string, Employee>(StringComparer.Ordinal);
        foreach (var employee in employees)
        {
            _employees[employee.Id] = employee;
        }
    }

    /// <summary>The period assessed.</summary>
    public Period Period { get; }

    /// <summary>The assessment settings.</summary>
    public AssessmentSettings Settings { get; }

    /// <summary>The company time zone.</summary>
    public CompanyTimeZone Zone { get; }

    /// <summary>The clock SLAs are counted on.</summary>
    public SlaClock Clock { get; }

    /// <summary>The instant before which resolutions and completions count: the next period's start plus grace days.</summary>
    public DateTimeOffset CutOff { get; }

    /// <summary>The local date before which dated completions count (the cut-off's date).</summary>
    public DateOnly CutOffDate { get; }

    /// <summary>Every employee known when the assessment runs, by id (ordinal).</summary>
    public IReadOnlyDictionary<string, Employee> Employees => _employees;

    /// <summary>The employee with <paramref name="id"/>, or null (no id, or not in master data).</summary>
    public Employee? Employee(string? id) => id is not null && _employees.TryGetValue(id, out var employee) ? employee : null;
}
