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
    private readonly Dictionary<string, Customer> _customers;
    private readonly Lazy<Dictionary<ScopeKey, List<Customer>>> _customersByScope;

    /// <summary>The context of <paramref name="period"/>.</summary>
    /// <param name="period">The period assessed.</param>
    /// <param name="settings">The assessment settings.</param>
    /// <param name="zone">The company time zone.</param>
    /// <param name="employees">The employees known when the assessment runs.</param>
    /// <param name="customers">The customer files known when the assessment runs.</param>
    /// <param name="provisionalAsOf">
    /// For a period that has not ended (a provisional run, to date): the instant the run looks from. It is then the cut-off
    /// instead of the period's end plus grace days, and dated completions count through its local date.
    /// </param>
    public FoldContext(
        Period period, AssessmentSettings settings, CompanyTimeZone zone, IEnumerable<Employee> employees, IEnumerable<Customer>? customers = null,
        DateTimeOffset? provisionalAsOf = null)
    {
        Period = period;
        Settings = settings;
        Zone = zone;
        Clock = new SlaClock(settings.BusinessHours, zone);
        Start = zone.StartOf(period);
        Provisional = provisionalAsOf is not null;
        CutOff = provisionalAsOf ?? zone.CutOffOf(period, settings.GraceDays);
        CutOffDate = provisionalAsOf is { } asOf ? zone.FirstDateFrom(asOf) : period.EndExclusive.AddDays(settings.GraceDays);
        _employees = new Dictionary<string, Employee>(StringComparer.Ordinal);
        foreach (var employee in employees)
        {
            _employees[employee.Id] = employee;
        }

        _customers = new Dictionary<string, Customer>(StringComparer.Ordinal);
        foreach (var customer in customers ?? [])
        {
            _customers[customer.Id] = customer;
        }

        _customersByScope = new Lazy<Dictionary<ScopeKey, List<Customer>>>(() =>
        {
            var byScope = new Dictionary<ScopeKey, List<Customer>>();
            foreach (var customer in _customers.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                foreach (var key in CustomerRoute(customer.Id).Keys())
                {
                    if (!byScope.TryGetValue(key, out var list))
                    {
                        byScope[key] = list = [];
                    }

                    list.Add(customer);
                }
            }

            return byScope;
        });
    }

    /// <summary>The period assessed.</summary>
    public Period Period { get; }

    /// <summary>The assessment settings.</summary>
    public AssessmentSettings Settings { get; }

    /// <summary>The company time zone.</summary>
    public CompanyTimeZone Zone { get; }

    /// <summary>The clock SLAs are counted on.</summary>
    public SlaClock Clock { get; }

    /// <summary>The instant the period starts (local midnight of its first day).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>
    /// The instant before which resolutions and completions count: the next period's start plus grace days, or for a
    /// provisional run the instant it looks from.
    /// </summary>
    public DateTimeOffset CutOff { get; }

    /// <summary>
    /// The local date before which dated completions count (the cut-off's date; for a provisional run the day after the
    /// one it runs on, so what is dated today counts).
    /// </summary>
    public DateOnly CutOffDate { get; }

    /// <summary>Whether the period has not ended and is assessed to date (CONTRACT §4, provisional).</summary>
    public bool Provisional { get; }

    /// <summary>Every employee known when the assessment runs, by id (ordinal).</summary>
    public IReadOnlyDictionary<string, Employee> Employees => _employees;

    /// <summary>The employee with <paramref name="id"/>, or null (no id, or not in master data).</summary>
    public Employee? Employee(string? id) => id is not null && _employees.TryGetValue(id, out var employee) ? employee : null;

    /// <summary>Every customer file known when the assessment runs, by id (ordinal).</summary>
    public IReadOnlyDictionary<string, Customer> Customers => _customers;

    /// <summary>The customer file of <paramref name="id"/>, or null (no id, or no file).</summary>
    public Customer? Customer(string? id) => id is not null && _customers.TryGetValue(id, out var customer) ? customer : null;

    /// <summary>
    /// The scopes a customer's file counts toward (CONTRACT §3): the company, its keeper, the keeper's department (master
    /// data) and its region (the file's, else the keeper's); without a keeper the company and its region; without a
    /// file the company only.
    /// </summary>
    public ScopeRoute CustomerRoute(string? customerId)
    {
        if (Customer(customerId) is not { } customer)
        {
            return ScopeRoute.CompanyOnly;
        }

        var keeper = Employee(customer.KeeperId);
        return new ScopeRoute(keeper?.Department, customer.Region ?? keeper?.Region, customer.KeeperId);
    }

    /// <summary>The customer files whose route includes <paramref name="scope"/>, by id (ordinal).</summary>
    public IReadOnlyList<Customer> CustomersOf(ScopeKey scope) =>
        _customersByScope.Value.TryGetValue(scope, out var customers) ? customers : [];
}
