using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Kpis;

/// <summary>
/// The KPI families, and everything derived from them: the KPI names in result order, their definitions (labels,
/// formats, directions, default alerts), and the record kinds that ingestion, reading and reports walk. The
/// families are found in this assembly, so adding a family is adding its file.
/// </summary>
public static class KpiCatalog
{
    /// <summary>Every family of this assembly, in the order their KPIs appear in results (<see cref="IKpiFamily.Order"/>, then name).</summary>
    public static IReadOnlyList<IKpiFamily> Families { get; } = typeof(KpiCatalog).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IKpiFamily).IsAssignableFrom(t))
        .Select(t => (IKpiFamily)Activator.CreateInstance(t)!)
        .OrderBy(f => f.Order).ThenBy(f => f.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Every KPI's definition, in result order; every scope carries each of them.</summary>
    public static IReadOnlyList<KpiDefinition> Kpis { get; } = Families.SelectMany(f => f.Kpis).ToList();

    /// <summary>Every KPI's name, in result order.</summary>
    public static IReadOnlyList<string> KpiNames { get; } = Kpis.Select(k => k.Name).ToList();

    /// <summary>The kinds each assessment reads per period (records with an anchor): each family's, once.</summary>
    public static IReadOnlyList<RecordKind> ActivityKinds { get; } = Families.Select(f => f.Kind).Where(k => !k.IsMasterData).Distinct().ToList();

    /// <summary>Every record kind the pipeline accepts: master data and targets, then the families' kinds.</summary>
    public static IReadOnlyList<RecordKind> Kinds { get; } = [.. RecordKinds.MasterData, RecordKinds.Targets, .. ActivityKinds];

    private static readonly Dictionary<string, KpiDefinition> ByName = Kpis.ToDictionary(k => k.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, int> FamilyOfKpi = Families
        .SelectMany((family, index) => family.Kpis.Select(k => (k.Name, index)))
        .ToDictionary(p => p.Name, p => p.index, StringComparer.Ordinal);

    private static readonly Dictionary<Type, int[]> FamiliesOfType = Families
        .Select((family, index) => (family.RecordType, index))
        .GroupBy(p => p.RecordType)
        .ToDictionary(g => g.Key, g => g.Select(p => p.index).ToArray());

    /// <summary>The definition of <paramref name="kpi"/>, or null for a name that is not a KPI.</summary>
    public static KpiDefinition? Find(string kpi) => ByName.GetValueOrDefault(kpi);

    /// <summary>The definition of <paramref name="kpi"/>.</summary>
    /// <exception cref="KeyNotFoundException"><paramref name="kpi"/> is not a KPI.</exception>
    public static KpiDefinition Definition(string kpi) =>
        ByName.TryGetValue(kpi, out var definition) ? definition : throw new KeyNotFoundException($"'{kpi}' is not a KPI");

    /// <summary>The index in <see cref="Families"/> of the family computing <paramref name="kpi"/>.</summary>
    public static int FamilyIndexOf(string kpi) =>
        FamilyOfKpi.TryGetValue(kpi, out var index) ? index : throw new KeyNotFoundException($"'{kpi}' is not a KPI");

    /// <summary>The indexes in <see cref="Families"/> of the families folding records of <paramref name="recordType"/>.</summary>
    public static IReadOnlyList<int> FamiliesOf(Type recordType) =>
        FamiliesOfType.TryGetValue(recordType, out var indexes) ? indexes : throw new ArgumentException($"no KPI family reads {recordType.Name}", nameof(recordType));

    /// <summary>The kind whose records an alert on <paramref name="kpi"/> lists (complaints, customers…).</summary>
    public static string AlertRecordsKind(string kpi) => Definition(kpi).RecordsKind ?? Families[FamilyIndexOf(kpi)].Kind.Name;

    /// <summary>
    /// The anchor dates of <paramref name="kind"/> an assessment in <paramref name="context"/> reads: the union of what
    /// its families need (the period itself for most kinds; a year's look-back for receivables).
    /// </summary>
    public static DateRange Reads(RecordKind kind, FoldContext context)
    {
        var range = DateRange.Of(context.Period);
        foreach (var family in Families.Where(f => f.Kind == kind))
        {
            range = range.Union(family.Reads(context));
        }

        return range;
    }

    /// <summary>Finds a kind by its route name, ignoring case.</summary>
    public static RecordKind? FindKind(string? name) =>
        Kinds.FirstOrDefault(kind => string.Equals(kind.Name, name, StringComparison.OrdinalIgnoreCase));
}
