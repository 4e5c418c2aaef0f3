using Pipeline.Kpis;
using Pipeline.Statistics;
using Pipeline.Time;

namespace Pipeline.Assessment;

/// <summary>
/// Folds one period's records into per-scope accumulators in a single pass and turns them into the
/// assessment (CONTRACT §3). Pure: the caller reads storage and feeds records in any order, after the
/// employees (whose department and region fill the records' defaults) and the targets.
/// </summary>
public sealed class AssessmentEngine
{
    private readonly AssessmentSettings _settings;
    private readonly CompanyTimeZone _zone;
    private readonly SlaClock _clock;
    private readonly DateTimeOffset _cutOff;
    private readonly DateOnly _researchCutOff;
    private readonly Dictionary<string, Employee> _employees;
    private readonly Dictionary<ScopeKey, ScopeAccumulator> _scopes = [];
    private readonly Dictionary<ScopeKey, ScopeTargets> _targets = [];
    private readonly Dictionary<string, long> _inputs = new(StringComparer.Ordinal);

    /// <summary>Starts the assessment of <paramref name="period"/> with the employees known now.</summary>
    public AssessmentEngine(Period period, AssessmentSettings settings, CompanyTimeZone zone, IEnumerable<Employee> employees)
    {
        Period = period;
        _settings = settings;
        _zone = zone;
        _clock = new SlaClock(settings.BusinessHours, zone);
        _cutOff = zone.CutOffOf(period, settings.GraceDays);
        _researchCutOff = period.EndExclusive.AddDays(settings.GraceDays);
        Analysis = new Analysis(zone, settings.AlertRecordLimit);
        _employees = new Dictionary<string, Employee>(StringComparer.Ordinal);
        foreach (var employee in employees)
        {
            _employees[employee.Id] = employee;
        }

        Scope(ScopeKey.Company);
        foreach (var employee in _employees.Values)
        {
            Scope(new ScopeKey(ScopeKind.Employee, employee.Id));
            Scope(new ScopeKey(ScopeKind.Department, employee.Department));
            if (employee.Region is { } region)
            {
                Scope(new ScopeKey(ScopeKind.Region, region));
            }
        }

        _inputs["employees"] = _employees.Count;
    }

    /// <summary>The period assessed.</summary>
    public Period Period { get; }

    /// <summary>Company-wide detail for the analysis reports.</summary>
    public Analysis Analysis { get; }

    /// <summary>The instant before which resolutions and completions count.</summary>
    public DateTimeOffset CutOff => _cutOff;

    /// <summary>Adds a monthly target; targets of months outside the period are ignored.</summary>
    public void Add(Target target)
    {
        if (!Period.Months().Contains(target.Period))
        {
            return;
        }

        Count("targets");
        var kind = ScopeKey.ParseKind(target.Scope);
        var key = kind == ScopeKind.Company ? ScopeKey.Company : new ScopeKey(kind, target.ScopeId);
        Scope(key);
        if (!_targets.TryGetValue(key, out var targets))
        {
            _targets[key] = targets = new ScopeTargets();
        }

        targets.Add(target);
    }

    /// <summary>Adds a sale: counts toward the company, its department (its employee's, else <c>sales</c>), region and employee.</summary>
    public void Add(Sale sale)
    {
        Count("sales");
        var employee = Employee(sale.EmployeeId);
        foreach (var scope in Scopes(sale.Department ?? employee?.Department ?? "sales", sale.Region ?? employee?.Region, sale.EmployeeId))
        {
            scope.AddSale(sale);
        }
    }

    /// <summary>Adds an expense: counts toward the company, its department, region (its employee's when absent) and employee.</summary>
    public void Add(Expense expense)
    {
        Count("expenses");
        var employee = Employee(expense.EmployeeId);
        foreach (var scope in Scopes(expense.Department, expense.Region ?? employee?.Region, expense.EmployeeId))
        {
            scope.AddExpense(expense);
        }
    }

    /// <summary>Adds a complaint: counts toward the company, its department, its region (record only) and its handler.</summary>
    public void Add(Complaint complaint)
    {
        Count("complaints");
        var resolved = complaint.ResolvedAt is { } resolvedAt && resolvedAt < _cutOff;
        double? hours = resolved ? (complaint.ResolvedAt!.Value - complaint.ReceivedAt).TotalHours : null;
        var timely = _clock.IsTimely(complaint.ReceivedAt, complaint.FirstResponseAt, _settings.ComplaintResponseHours);
        Analysis.AddComplaint(complaint, resolved, timely);
        foreach (var scope in Scopes(complaint.Department, complaint.Region, complaint.HandlerId))
        {
            scope.AddComplaint(complaint, resolved, hours, timely);
        }
    }

    /// <summary>Adds an inquiry.</summary>
    public void Add(Inquiry inquiry)
    {
        Count("inquiries");
        var timely = _clock.IsTimely(inquiry.ReceivedAt, inquiry.FirstReplyAt, _settings.InquiryReplyHours);
        foreach (var scope in Scopes(inquiry.Department, inquiry.Region, inquiry.HandlerId))
        {
            scope.AddInquiry(timely);
        }
    }

    /// <summary>Adds a service ticket.</summary>
    public void Add(ServiceTicket ticket)
    {
        Count("serviceTickets");
        var timely = _clock.IsTimely(ticket.OpenedAt, ticket.RespondedAt, _settings.ServiceResponseHours);
        foreach (var scope in Scopes(ticket.Department, ticket.Region, ticket.HandlerId))
        {
            scope.AddTicket(ticket, timely);
        }
    }

    /// <summary>Adds a survey response: department and region default to its employee's.</summary>
    public void Add(Survey survey)
    {
        Count("surveys");
        var index = SatisfactionIndex(survey, _settings.SatisfactionWeights);
        var employee = Employee(survey.EmployeeId);
        Analysis.AddSurvey(survey, index, survey.Region ?? employee?.Region);
        foreach (var scope in Scopes(survey.Department ?? employee?.Department, survey.Region ?? employee?.Region, survey.EmployeeId))
        {
            scope.AddSurvey(survey, index);
        }
    }

    /// <summary>Adds a research task: department its own, else its employee's, else <c>marketing</c>; region its employee's.</summary>
    public void Add(ResearchTask task)
    {
        Count("researchTasks");
        var completed = task.CompletedDate is { } done && done < _researchCutOff;
        var employee = Employee(task.EmployeeId);
        foreach (var scope in Scopes(task.Department ?? employee?.Department ?? "marketing", employee?.Region, task.EmployeeId))
        {
            scope.AddResearchTask(completed);
        }
    }

    /// <summary>Adds a campaign: counts toward the company and its department; a campaign with no score counts for nothing.</summary>
    public void Add(Campaign campaign)
    {
        Count("campaigns");
        if (CampaignScore(campaign) is not { } score)
        {
            return;
        }

        foreach (var scope in Scopes(campaign.Department, null, null))
        {
            scope.AddCampaign(score);
        }
    }

    /// <summary>
    /// The per-response satisfaction index (0–100): 100 · Σ wᵈ·(sᵈ − 1)/4 ÷ Σ wᵈ over the dimensions answered.
    /// </summary>
    public static double SatisfactionIndex(Survey survey, IReadOnlyDictionary<string, double> weights)
    {
        double weighted = 0, total = 0;
        void Add(string dimension, int? score)
        {
            if (score is { } s && weights.TryGetValue(dimension, out var w))
            {
                weighted += w * (s - 1) / 4.0;
                total += w;
            }
        }

        Add("productQuality", survey.ProductQuality);
        Add("serviceQuality", survey.ServiceQuality);
        Add("price", survey.Price);
        Add("credit", survey.Credit);
        return total > 0 ? 100 * weighted / total : double.NaN;
    }

    /// <summary>
    /// The campaign score (0–100): 100 · (0.4·min(1, exposure/planned) + 0.3·min(1, participants/planned) +
    /// 0.3·min(1, conversions/planned)); a part whose planned value is missing or 0 drops out and the rest are
    /// renormalised; a missing actual counts as 0. Null when no part is left.
    /// </summary>
    public static double? CampaignScore(Campaign campaign)
    {
        double weighted = 0, total = 0;
        void Part(double weight, long? planned, long? actual)
        {
            if (planned is > 0)
            {
                weighted += weight * Math.Min(1, (actual ?? 0) / (double)planned.Value);
                total += weight;
            }
        }

        Part(0.4, campaign.PlannedExposure, campaign.Exposure);
        Part(0.3, campaign.PlannedParticipants, campaign.Participants);
        Part(0.3, campaign.PlannedConversions, campaign.Conversions);
        return total > 0 ? 100 * weighted / total : null;
    }

    /// <summary>The figures of every scope: KPIs, scorecard and the accumulators behind them.</summary>
    public IReadOnlyList<ScopeFigures> Figures()
    {
        var figures = _scopes.OrderBy(s => s.Key).Select(pair =>
        {
            var (key, accumulator) = pair;
            var employee = key.Kind == ScopeKind.Employee ? Employee(key.Id) : null;
            var kpis = accumulator.Kpis(_targets.GetValueOrDefault(key), _settings, _clock.Name);
            var scorecardDepartment = key.Kind switch
            {
                ScopeKind.Department => key.Id,
                ScopeKind.Employee => employee?.Department,
                _ => null,
            };
            double? score = scorecardDepartment is not null && _settings.Scorecard.Departments.TryGetValue(scorecardDepartment, out var entries)
                ? Scorecard.Score(entries, kpis)
                : null;
            return new ScopeFigures(key, employee?.Name ?? (key.Kind == ScopeKind.Company ? "Company" : key.Id),
                employee?.Department, employee?.Region, kpis, score, Scorecard.Grade(score, _settings.Scorecard), accumulator);
        }).ToList();

        var departmentRanks = Scorecard.Rank(figures.Where(f => f.Key.Kind == ScopeKind.Department).Select(f => (f.Key.Id, f.Score)));
        var employeeRanks = figures.Where(f => f.Key.Kind == ScopeKind.Employee && f.Department is not null)
            .GroupBy(f => f.Department!, StringComparer.Ordinal)
            .SelectMany(group => Scorecard.Rank(group.Select(f => (f.Key.Id, f.Score))))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return figures.Select(f => f with
        {
            Rank = f.Key.Kind switch
            {
                ScopeKind.Department => departmentRanks.TryGetValue(f.Key.Id, out var rank) ? rank : null,
                ScopeKind.Employee => employeeRanks.TryGetValue(f.Key.Id, out var rank) ? rank : null,
                _ => null,
            },
        }).ToList();
    }

    /// <summary>The assessment result, with changes against <paramref name="previous"/> when given.</summary>
    public AssessmentResult Complete(string runId, DateTimeOffset generatedAt, AssessmentEngine? previous = null)
    {
        var figures = Figures();
        var before = previous?.Figures().ToDictionary(f => f.Key);
        var scopes = figures.Select(f => new ScopeResult
        {
            Scope = f.Key.KindName,
            Id = f.Key.Id,
            Name = f.Name,
            Department = f.Department,
            Region = f.Region,
            Kpis = before is not null && before.TryGetValue(f.Key, out var earlier) ? Changes.Apply(f, earlier) : f.Kpis,
            Score = f.Score,
            Grade = f.Grade,
            Rank = f.Rank,
        }).ToList();

        return new AssessmentResult
        {
            Period = Period.ToString(),
            Kind = Period.Kind == PeriodKind.Annual ? "annual" : "monthly",
            TimeZone = _zone.Id,
            RunId = runId,
            GeneratedAt = generatedAt,
            CutOff = _cutOff,
            ComparedWith = previous?.Period.ToString(),
            Inputs = Records.RecordKinds.All.ToDictionary(k => k.Name, k => _inputs.GetValueOrDefault(k.Name), StringComparer.Ordinal),
            Scopes = scopes,
            Alerts = Alerts.Find(figures, _settings),
        };
    }

    private Employee? Employee(string? id) => id is not null && _employees.TryGetValue(id, out var employee) ? employee : null;

    private void Count(string kind) => _inputs[kind] = _inputs.GetValueOrDefault(kind) + 1;

    private ScopeAccumulator Scope(ScopeKey key)
    {
        if (!_scopes.TryGetValue(key, out var accumulator))
        {
            _scopes[key] = accumulator = new ScopeAccumulator(_settings.AlertRecordLimit);
        }

        return accumulator;
    }

    private IEnumerable<ScopeAccumulator> Scopes(string? department, string? region, string? employee)
    {
        yield return Scope(ScopeKey.Company);
        if (department is not null)
        {
            yield return Scope(new ScopeKey(ScopeKind.Department, department));
        }

        if (region is not null)
        {
            yield return Scope(new ScopeKey(ScopeKind.Region, region));
        }

        if (employee is not null)
        {
            yield return Scope(new ScopeKey(ScopeKind.Employee, employee));
        }
    }
}

/// <summary>One scope's figures before they are published.</summary>
public sealed record ScopeFigures(
    ScopeKey Key, string Name, string? Department, string? Region, IReadOnlyDictionary<string, KpiValue> Kpis, double? Score, string? Grade,
    ScopeAccumulator Accumulator)
{
    /// <summary>Rank among departments, or among the employees of a department.</summary>
    public int? Rank { get; init; }
}
