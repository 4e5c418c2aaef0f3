using System.Text.Json;
using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Kpis;

/// <summary>
/// A KPI family: the records of one kind and the KPIs computed from them, with how a record routes to its scopes
/// and the per-scope state it folds into. The unit the KPI library grows by: a new family is one file.
/// </summary>
public interface IKpiFamily
{
    /// <summary>The family's name (its kind's name unless several families read one kind).</summary>
    string Name { get; }

    /// <summary>Where the family's KPIs come in results, relative to the other families (ascending; ties by name).</summary>
    int Order { get; }

    /// <summary>The record kind it reads: schema, typed reader and defaults.</summary>
    RecordKind Kind { get; }

    /// <summary>The type of the typed records it folds.</summary>
    Type RecordType { get; }

    /// <summary>Its KPIs, in the order results list them.</summary>
    IReadOnlyList<KpiDefinition> Kpis { get; }

    /// <summary>An empty per-scope state.</summary>
    IFamilyState NewState();

    /// <summary>An empty company-wide detail for the analysis reports, or null when the family has none.</summary>
    IFamilyDetail? NewDetail();

    /// <summary>
    /// The anchor dates of the records it needs to assess <paramref name="context"/>'s period: the period itself, unless
    /// a figure looks back (receivables overdue over the year before the cut-off) or ahead.
    /// </summary>
    DateRange Reads(FoldContext context);

    /// <summary>
    /// Whether <paramref name="record"/> (one it folds) is a record of the period, counted in the result's <c>inputs</c>;
    /// a record read only for a look-back is not.
    /// </summary>
    bool OfPeriod(object record, FoldContext context);

    /// <summary>Folds one typed record: into the state of every scope it routes to, and into the detail.</summary>
    void Fold(object record, FoldContext context, Func<ScopeKey, IFamilyState> stateOf, IFamilyDetail? detail);

    /// <summary>The plain data form of a state (JSON), for a partial result to travel.</summary>
    JsonElement Write(IFamilyState state);

    /// <summary>A state from its plain data form.</summary>
    IFamilyState ReadState(JsonElement data);

    /// <summary>The plain data form of a detail.</summary>
    JsonElement Write(IFamilyDetail detail);

    /// <summary>A detail from its plain data form.</summary>
    IFamilyDetail ReadDetail(JsonElement data);
}

/// <summary>
/// One family's state for one scope. Merging is associative and commutative and exact: folding any split of the
/// records part by part and merging the parts gives exactly the state of folding them all at once.
/// </summary>
public interface IFamilyState
{
    /// <summary>Adds everything <paramref name="other"/> (a state of the same family) folded.</summary>
    void Merge(IFamilyState other);

    /// <summary>The family's KPI values for the scope, in the family's order.</summary>
    IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context);

    /// <summary>The sample behind a testable KPI, for a change test against another period; null otherwise.</summary>
    Sample? SampleOf(string kpi);

    /// <summary>The ids of the records behind an alert on <paramref name="kpi"/>, in the family's stated order.</summary>
    IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context);
}

/// <summary>Company-wide detail a family keeps for its analysis report; merges exactly like a state.</summary>
public interface IFamilyDetail
{
    /// <summary>Adds everything <paramref name="other"/> (a detail of the same family) folded.</summary>
    void Merge(IFamilyDetail other);
}

/// <summary>
/// The base of a family over records of type <typeparamref name="TRecord"/>: each record is prepared once into a
/// <typeparamref name="TFact"/> (the record and what is computed from it once, such as whether it was timely),
/// then added to the <typeparamref name="TState"/> of each scope its route names.
/// </summary>
/// <typeparam name="TRecord">The typed record.</typeparam>
/// <typeparam name="TFact">What a state adds per record.</typeparam>
/// <typeparam name="TState">The per-scope state.</typeparam>
public abstract class KpiFamily<TRecord, TFact, TState> : IKpiFamily
    where TRecord : class
    where TState : FamilyState<TFact, TState>, new()
{
    /// <summary>How the plain data form is written: public properties, camelCase; strings read back shared per part (<see cref="PartStrings"/>).</summary>
    protected static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { PartStrings.Converter } };

    /// <inheritdoc />
    public virtual string Name => Kind.Name;

    /// <inheritdoc />
    public abstract int Order { get; }

    /// <inheritdoc cref="IKpiFamily.Kind" />
    public abstract RecordKind<TRecord> Kind { get; }

    RecordKind IKpiFamily.Kind => Kind;

    /// <inheritdoc />
    public Type RecordType => typeof(TRecord);

    /// <inheritdoc />
    public abstract IReadOnlyList<KpiDefinition> Kpis { get; }

    /// <inheritdoc />
    public IFamilyState NewState() => new TState();

    /// <inheritdoc />
    public virtual IFamilyDetail? NewDetail() => null;

    /// <inheritdoc />
    public virtual DateRange Reads(FoldContext context) => DateRange.Of(context.Period);

    /// <inheritdoc />
    public bool OfPeriod(object record, FoldContext context) => OfPeriod((TRecord)record, context);

    /// <inheritdoc />
    public void Fold(object record, FoldContext context, Func<ScopeKey, IFamilyState> stateOf, IFamilyDetail? detail)
    {
        var typed = (TRecord)record;
        var fact = Prepare(typed, context);
        if (detail is FamilyDetail<TFact> folded)
        {
            folded.Add(fact, context);
        }

        if (Route(typed, fact, context) is not { } route)
        {
            return;
        }

        foreach (var key in route.Keys())
        {
            ((TState)stateOf(key)).Add(fact, context);
        }
    }

    /// <inheritdoc />
    public JsonElement Write(IFamilyState state) => JsonSerializer.SerializeToElement((TState)state, Json);

    /// <inheritdoc />
    public IFamilyState ReadState(JsonElement data) => data.Deserialize<TState>(Json) ?? new TState();

    /// <inheritdoc />
    public virtual JsonElement Write(IFamilyDetail detail) => throw new NotSupportedException($"{Name} keeps no detail");

    /// <inheritdoc />
    public virtual IFamilyDetail ReadDetail(JsonElement data) => throw new NotSupportedException($"{Name} keeps no detail");

    /// <summary>What the states add for <paramref name="record"/>, computed once however many scopes it counts toward.</summary>
    protected abstract TFact Prepare(TRecord record, FoldContext context);

    /// <summary>Whether <paramref name="record"/> is a record of the period (the default: every record it is given is).</summary>
    protected virtual bool OfPeriod(TRecord record, FoldContext context) => true;

    /// <summary>The scopes <paramref name="record"/> counts toward; null when it counts toward none.</summary>
    protected abstract ScopeRoute? Route(TRecord record, FoldContext context);

    /// <summary>
    /// The scopes <paramref name="record"/> counts toward, knowing what <see cref="Prepare"/> decided of it (a family whose
    /// route depends on that — whether a receivable counts at all — overrides this instead of deciding it twice).
    /// </summary>
    protected virtual ScopeRoute? Route(TRecord record, TFact fact, FoldContext context) => Route(record, context);

    /// <summary>A definition of this family's KPI.</summary>
    protected static KpiDefinition Kpi(
        string name, KpiFormat format, string zh, string en, Direction direction = Direction.Higher, bool testable = false, double? alert = null) =>
        new(name, direction, format, testable, zh, en, alert);
}

/// <summary>The base of a family's per-scope state; public settable properties are its plain data form.</summary>
/// <typeparam name="TFact">What it adds per record.</typeparam>
/// <typeparam name="TSelf">The state type itself.</typeparam>
public abstract class FamilyState<TFact, TSelf> : IFamilyState
    where TSelf : FamilyState<TFact, TSelf>
{
    /// <summary>Adds one record's fact.</summary>
    public abstract void Add(TFact fact, FoldContext context);

    /// <summary>Adds everything <paramref name="other"/> folded.</summary>
    public abstract void Merge(TSelf other);

    void IFamilyState.Merge(IFamilyState other) => Merge((TSelf)other);

    /// <inheritdoc />
    public abstract IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context);

    /// <inheritdoc />
    public virtual Sample? SampleOf(string kpi) => null;

    /// <inheritdoc />
    public virtual IReadOnlyList<string> RecordsBehind(string kpi, ScopeKey scope, FoldContext context) => [];
}

/// <summary>The base of a family's company-wide detail.</summary>
/// <typeparam name="TFact">What it adds per record.</typeparam>
/// <typeparam name="TSelf">The detail type itself.</typeparam>
public abstract class FamilyDetail<TFact, TSelf> : FamilyDetail<TFact>
    where TSelf : FamilyDetail<TFact, TSelf>
{
    /// <summary>Adds everything <paramref name="other"/> folded.</summary>
    public abstract void Merge(TSelf other);

    /// <inheritdoc />
    public override void Merge(IFamilyDetail other) => Merge((TSelf)other);
}

/// <summary>A detail that adds facts of type <typeparamref name="TFact"/>.</summary>
/// <typeparam name="TFact">What it adds per record.</typeparam>
public abstract class FamilyDetail<TFact> : IFamilyDetail
{
    /// <summary>Adds one record's fact.</summary>
    public abstract void Add(TFact fact, FoldContext context);

    /// <inheritdoc />
    public abstract void Merge(IFamilyDetail other);
}

/// <summary>The base of a family that also keeps a company-wide <typeparamref name="TDetail"/> for its analysis report.</summary>
/// <typeparam name="TRecord">The typed record.</typeparam>
/// <typeparam name="TFact">What a state adds per record.</typeparam>
/// <typeparam name="TState">The per-scope state.</typeparam>
/// <typeparam name="TDetail">The company-wide detail.</typeparam>
public abstract class KpiFamily<TRecord, TFact, TState, TDetail> : KpiFamily<TRecord, TFact, TState>
    where TRecord : class
    where TState : FamilyState<TFact, TState>, new()
    where TDetail : FamilyDetail<TFact, TDetail>, new()
{
    /// <inheritdoc />
    public override IFamilyDetail? NewDetail() => new TDetail();

    /// <inheritdoc />
    public override JsonElement Write(IFamilyDetail detail) => JsonSerializer.SerializeToElement((TDetail)detail, Json);

    /// <inheritdoc />
    public override IFamilyDetail ReadDetail(JsonElement data) => data.Deserialize<TDetail>(Json) ?? new TDetail();
}
