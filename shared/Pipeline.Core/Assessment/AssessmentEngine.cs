using System.Text.Json;
using Pipeline.Kpis;
using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Assessment;

/// <summary>
/// Folds one period's records into per-scope family states and turns them into the assessment (CONTRACT §3).
/// Pure, and exact: records may arrive in any order, and a period may be folded in parts (one engine per partition)
/// whose <see cref="Merge"/> gives exactly the engine of one pass, so the result is the same number for number and
/// list for list however the work is split. Employees are given up front (their department and region fill the
/// records' defaults); targets and records follow in any order.
/// </summary>
public sealed class AssessmentEngine
{
    private readonly Dictionary<ScopeKey, IFamilyState?[]> _scopes = [];
    private readonly IFamilyDetail?[] _details = KpiCatalog.Families.Select(f => f.NewDetail()).ToArray();
    private readonly Dictionary<ScopeKey, ScopeTargets> _targets = [];
    private readonly Dictionary<string, long> _inputs = new(StringComparer.Ordinal);

    /// <summary>Starts the assessment (or one part of it) of <paramref name="period"/> with the master data known now.</summary>
    public AssessmentEngine(
        Period period, AssessmentSettings settings, CompanyTimeZone zone, IEnumerable<Employee> employees, IEnumerable<Customer>? customers = null)
        : this(new FoldContext(period, settings, zone, employees, customers))
    {
    }

    /// <summary>Starts the assessment (or one part of it) in <paramref name="context"/>.</summary>
    public AssessmentEngine(FoldContext context)
    {
        Context = context;

        // One state finder per family, made once: a closure per record and family was most of a sale's allocation.
        _stateOf = new Func<ScopeKey, IFamilyState>[KpiCatalog.Families.Count];
        for (var i = 0; i < _stateOf.Length; i++)
        {
            var family = i;
            _stateOf[i] = key => StateOf(key, family);
        }
    }

    private readonly Func<ScopeKey, IFamilyState>[] _stateOf;

    /// <summary>The period, settings, clock and master data the records are folded in.</summary>
    public FoldContext Context { get; }

    /// <summary>The period assessed.</summary>
    public Period Period => Context.Period;

    /// <summary>The instant before which resolutions and completions count.</summary>
    public DateTimeOffset CutOff => Context.CutOff;

    /// <summary>Records folded, by kind.</summary>
    public IReadOnlyDictionary<string, long> Inputs => _inputs;

    /// <summary>Adds a monthly target; targets of months outside the period are ignored.</summary>
    public void Add(Target target)
    {
        if (!Period.Contains(target.Period))
        {
            return;
        }

        Count(RecordKinds.Targets.Name);
        var kind = ScopeKey.ParseKind(target.Scope);
        var key = kind == ScopeKind.Company ? ScopeKey.Company : new ScopeKey(kind, target.ScopeId);
        StatesOf(key);
        if (!_targets.TryGetValue(key, out var targets))
        {
            _targets[key] = targets = new ScopeTargets();
        }

        targets.Add(target);
    }

    /// <summary>Adds one typed record of a family's kind (a sale, a complaint…) to every family that reads it.</summary>
    public void Add(object record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record is Target target)
        {
            Add(target);
            return;
        }

        var families = KpiCatalog.FamiliesOf(record.GetType());
        var first = KpiCatalog.Families[families[0]];
        var kind = first.Kind;
        if (!kind.IsMasterData && first.OfPeriod(record, Context))
        {
            Count(kind.Name);
        }

        for (var i = 0; i < families.Count; i++)
        {
            var index = families[i];
            KpiCatalog.Families[index].Fold(record, Context, _stateOf[index], _details[index]);
        }
    }

    /// <summary>
    /// Folds the master data of the context (customer files) into the families that read it. Call it once per period:
    /// on the whole engine, or on exactly one of the parts that are merged.
    /// </summary>
    public void AddMasterData()
    {
        foreach (var customer in Context.Customers.Values.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            Add(customer);
        }
    }

    /// <summary>Adds one stored record of <paramref name="kind"/> (targets or a family's kind).</summary>
    public void Add(RecordKind kind, RecordValues values) => Add(kind.ReadRecord(values));

    /// <summary>
    /// Adds everything <paramref name="other"/> (a part of the same period, folded from other records) folded.
    /// Associative and commutative, and exact: merging the parts of any split gives the engine of one pass.
    /// </summary>
    public void Merge(AssessmentEngine other)
    {
        if (other.Period != Period)
        {
            throw new ArgumentException($"cannot merge a part of {other.Period} into {Period}", nameof(other));
        }

        foreach (var (kind, count) in other._inputs)
        {
            _inputs[kind] = _inputs.GetValueOrDefault(kind) + count;
        }

        foreach (var (key, targets) in other._targets)
        {
            StatesOf(key);
            if (_targets.TryGetValue(key, out var mine))
            {
                mine.Merge(targets);
            }
            else
            {
                _targets[key] = Copy(targets);
            }
        }

        foreach (var (key, states) in other._scopes)
        {
            var mine = StatesOf(key);
            for (var i = 0; i < states.Length; i++)
            {
                if (states[i] is not { } theirs)
                {
                    continue;
                }

                if (mine[i] is null)
                {
                    mine[i] = KpiCatalog.Families[i].NewState();
                }

                mine[i]!.Merge(theirs);
            }
        }

        for (var i = 0; i < _details.Length; i++)
        {
            if (other._details[i] is { } detail)
            {
                _details[i]!.Merge(detail);
            }
        }
    }

    /// <summary>Every family's company-wide detail (for the analysis reports).</summary>
    public IReadOnlyList<IFamilyDetail> Details => _details.OfType<IFamilyDetail>().ToList();

    /// <summary>The company-wide detail of the family whose detail is a <typeparamref name="T"/>.</summary>
    public T Detail<T>()
        where T : class, IFamilyDetail =>
        _details.OfType<T>().Single();

    /// <summary>The plain data form of this (partial) engine: what travels between instances.</summary>
    public EnginePart ToPart() => new()
    {
        Period = Period.ToString(),
        Inputs = _inputs.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        Targets = _targets.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal),
        Scopes = _scopes.OrderBy(p => p.Key).ToDictionary(
            p => p.Key.ToString(),
            p => p.Value.Select((state, i) => (state, i)).Where(s => s.state is not null)
                .ToDictionary(s => KpiCatalog.Families[s.i].Name, s => KpiCatalog.Families[s.i].Write(s.state!), StringComparer.Ordinal),
            StringComparer.Ordinal),
        Details = _details.Select((detail, i) => (detail, i)).Where(d => d.detail is not null)
            .ToDictionary(d => KpiCatalog.Families[d.i].Name, d => KpiCatalog.Families[d.i].Write(d.detail!), StringComparer.Ordinal),
    };

    /// <summary>An engine of <paramref name="context"/>'s period from the plain data form of a part.</summary>
    public static AssessmentEngine FromPart(EnginePart part, FoldContext context)
    {
        if (part.Period != context.Period.ToString())
        {
            throw new ArgumentException($"the part is of {part.Period}, not {context.Period}", nameof(part));
        }

        var engine = new AssessmentEngine(context);
        using var strings = PartStrings.Share(); // one string per distinct text of the part, however many scopes keep it
        foreach (var (kind, count) in part.Inputs)
        {
            engine._inputs[kind] = count;
        }

        foreach (var (key, targets) in part.Targets)
        {
            var scope = ScopeKey.Parse(key);
            engine.StatesOf(scope);
            engine._targets[scope] = targets;
        }

        foreach (var (key, states) in part.Scopes)
        {
            var mine = engine.StatesOf(ScopeKey.Parse(key));
            foreach (var (name, data) in states)
            {
                var index = FamilyIndex(name);
                mine[index] = KpiCatalog.Families[index].ReadState(data);
            }
        }

        foreach (var (name, data) in part.Details)
        {
            var index = FamilyIndex(name);
            engine._details[index] = KpiCatalog.Families[index].ReadDetail(data);
        }

        return engine;
    }

    /// <summary>
    /// The figures of every scope — the company, every department, region and employee in the master data or in a
    /// record — in scope order: KPIs (small samples marked), scorecard, and the states behind them.
    /// </summary>
    public IReadOnlyList<ScopeFigures> Figures()
    {
        var keys = new SortedSet<ScopeKey>(_scopes.Keys) { ScopeKey.Company };
        foreach (var employee in Context.Employees.Values.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            keys.Add(new ScopeKey(ScopeKind.Employee, employee.Id));
            keys.Add(new ScopeKey(ScopeKind.Department, employee.Department));
            if (employee.Region is { } region)
            {
                keys.Add(new ScopeKey(ScopeKind.Region, region));
            }
        }

        var settings = Context.Settings;
        var figures = keys.Select(key =>
        {
            var states = KpiCatalog.Families
                .Select((family, i) => _scopes.TryGetValue(key, out var s) && s[i] is { } state ? state : family.NewState())
                .ToList();
            var targets = _targets.GetValueOrDefault(key);
            var kpis = new Dictionary<string, KpiValue>(StringComparer.Ordinal);
            foreach (var state in states)
            {
                foreach (var (name, value) in state.Values(key, targets, Context))
                {
                    kpis[name] = value.MarkSmallSample(settings.MinSample);
                }
            }

            var employee = key.Kind == ScopeKind.Employee ? Context.Employee(key.Id) : null;
            var scorecardDepartment = key.Kind switch
            {
                ScopeKind.Department => key.Id,
                ScopeKind.Employee => employee?.Department,
                _ => null,
            };
            var lines = scorecardDepartment is not null && settings.Scorecard.Departments.TryGetValue(scorecardDepartment, out var entries)
                ? Scorecard.Explain(entries, kpis)
                : null;
            var score = lines is null ? null : Scorecard.Score(lines);
            return new ScopeFigures(key, employee?.Name ?? (key.Kind == ScopeKind.Company ? "Company" : key.Id),
                employee?.Department, employee?.Region, kpis, score, Scorecard.Grade(score, settings.Scorecard), states) { Scorecard = lines };
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

    /// <summary>The assessment result, with changes against <paramref name="previous"/> (the previous period of the same kind) when given.</summary>
    public AssessmentResult Complete(string runId, DateTimeOffset generatedAt, AssessmentEngine? previous = null) =>
        Complete(runId, generatedAt, Figures(), previous?.Figures(), previous?.Period);

    /// <summary>The assessment result from figures already computed (so reports and result share one computation).</summary>
    public AssessmentResult Complete(
        string runId, DateTimeOffset generatedAt, IReadOnlyList<ScopeFigures> figures, IReadOnlyList<ScopeFigures>? previous, Period? previousPeriod)
    {
        var before = previous?.ToDictionary(f => f.Key);
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
            Scorecard = f.Scorecard,
            BonusCoefficient = f.Grade is { } grade && Context.Settings.BonusCoefficients.TryGetValue(grade, out var coefficient) ? coefficient : null,
        }).ToList();

        return new AssessmentResult
        {
            Period = Period.ToString(),
            Kind = Period.KindName,
            TimeZone = Context.Zone.Id,
            RunId = runId,
            GeneratedAt = generatedAt,
            CutOff = CutOff,
            Provisional = Context.Provisional,
            ComparedWith = previousPeriod?.ToString(),
            Inputs = KpiCatalog.Kinds.ToDictionary(
                k => k.Name,
                k => k == RecordKinds.Employees ? Context.Employees.Count
                    : k == RecordKinds.Customers ? Context.Customers.Count
                    : _inputs.GetValueOrDefault(k.Name),
                StringComparer.Ordinal),
            Scopes = scopes,
            Alerts = Alerts.Find(figures, Context),
            Awards = Awards(figures),
        };
    }

    // The rank-1 department and each department's rank-1 employee, when their grade is A: the department first, then
    // the employees by department id.
    private static List<AwardEntry> Awards(IReadOnlyList<ScopeFigures> figures)
    {
        var awards = new List<AwardEntry>();
        if (figures.FirstOrDefault(f => f.Key.Kind == ScopeKind.Department && f.Rank == 1 && f.Grade == "A") is { } department)
        {
            awards.Add(new AwardEntry("bestDepartment", null, department.Key.Id, department.Score!.Value));
        }

        awards.AddRange(figures
            .Where(f => f.Key.Kind == ScopeKind.Employee && f.Rank == 1 && f.Grade == "A" && f.Department is not null)
            .OrderBy(f => f.Department, StringComparer.Ordinal)
            .Select(f => new AwardEntry("bestEmployee", f.Department, f.Key.Id, f.Score!.Value)));
        return awards;
    }

    /// <summary>Counts one record of <paramref name="kind"/> (master data is counted by the caller).</summary>
    public void Count(string kind, long count = 1) => _inputs[kind] = _inputs.GetValueOrDefault(kind) + count;

    private static int FamilyIndex(string name)
    {
        for (var i = 0; i < KpiCatalog.Families.Count; i++)
        {
            if (KpiCatalog.Families[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"no KPI family is named '{name}'", nameof(name));
    }

    private static ScopeTargets Copy(ScopeTargets targets)
    {
        var copy = new ScopeTargets();
        copy.Merge(targets);
        return copy;
    }

    private IFamilyState?[] StatesOf(ScopeKey key)
    {
        if (!_scopes.TryGetValue(key, out var states))
        {
            _scopes[key] = states = new IFamilyState?[KpiCatalog.Families.Count];
        }

        return states;
    }

    private IFamilyState StateOf(ScopeKey key, int family)
    {
        var states = StatesOf(key);
        return states[family] ??= KpiCatalog.Families[family].NewState();
    }
}

/// <summary>One scope's figures before they are published.</summary>
/// <param name="Key">The scope.</param>
/// <param name="Name">Display name.</param>
/// <param name="Department">For an employee: their department.</param>
/// <param name="Region">For an employee: their region.</param>
/// <param name="Kpis">Every KPI, in catalogue order.</param>
/// <param name="Score">Scorecard score.</param>
/// <param name="Grade">Grade.</param>
/// <param name="States">Each family's state, in <see cref="KpiCatalog.Families"/> order.</param>
public sealed record ScopeFigures(
    ScopeKey Key, string Name, string? Department, string? Region, IReadOnlyDictionary<string, KpiValue> Kpis, double? Score, string? Grade,
    IReadOnlyList<IFamilyState> States)
{
    /// <summary>Rank among departments, or among the employees of a department.</summary>
    public int? Rank { get; init; }

    /// <summary>How the score was made; null without a scorecard.</summary>
    public IReadOnlyList<ScorecardLine>? Scorecard { get; init; }

    /// <summary>The state of the family computing <paramref name="kpi"/>.</summary>
    public IFamilyState StateOf(string kpi) => States[KpiCatalog.FamilyIndexOf(kpi)];

    /// <summary>The state of the family whose state is a <typeparamref name="T"/>.</summary>
    public T State<T>()
        where T : class, IFamilyState => States.OfType<T>().Single();
}

/// <summary>The plain data form of an engine (a whole period or a part of it), as JSON-ready collections in a stated order.</summary>
public sealed class EnginePart
{
    /// <summary>The period.</summary>
    public string Period { get; set; } = "";

    /// <summary>Records folded, by kind.</summary>
    public Dictionary<string, long> Inputs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Targets by scope (<c>department:sales</c>).</summary>
    public Dictionary<string, ScopeTargets> Targets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Scope → family name → its state's plain data.</summary>
    public Dictionary<string, Dictionary<string, JsonElement>> Scopes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Family name → its company-wide detail's plain data.</summary>
    public Dictionary<string, JsonElement> Details { get; set; } = new(StringComparer.Ordinal);
}
