using Pipeline.Records;

namespace Pipeline.Kpis.Families;

/// <summary>
/// Complaints the company was found at fault for, and the fines they cost (CONTRACT §3): a substantiated complaint counts
/// toward the company, its department and region as other complaint KPIs, and toward the employee responsible
/// (<c>responsibleId</c>), not its handler.
/// </summary>
public sealed class ComplaintFaultsFamily : KpiFamily<Complaint, Complaint, ComplaintFaultsState>
{
    /// <summary>Complaints received in the period with <c>substantiated</c> true (a count), with <c>byCategory</c>.</summary>
    public const string SubstantiatedComplaints = "substantiatedComplaints";

    /// <summary><c>Penalties:ServiceComplaintFine</c> × substantiated service complaints, company currency; 0 without any.</summary>
    public const string Fines = "fines";

    /// <inheritdoc />
    public override string Name => "complaintFaults";

    /// <inheritdoc />
    public override RecordKind<Complaint> Kind => ComplaintsFamily.Schema;

    /// <inheritdoc />
    public override int Order => 350;

    /// <inheritdoc />
    public override IReadOnlyList<KpiDefinition> Kpis { get; } =
    [
        Kpi(SubstantiatedComplaints, KpiFormat.Count, "有效投诉数", "Substantiated complaints", Direction.Lower),
        Kpi(Fines, KpiFormat.Money, "投诉罚款", "Complaint fines", Direction.Lower),
    ];

    /// <inheritdoc />
    protected override Complaint Prepare(Complaint record, FoldContext context) => record;

    /// <inheritdoc />
    protected override ScopeRoute? Route(Complaint record, FoldContext context) =>
        record.Substantiated ? new ScopeRoute(record.Department, record.Region, record.ResponsibleId) : null;
}

/// <summary>One scope's substantiated complaints.</summary>
public sealed class ComplaintFaultsState : FamilyState<Complaint, ComplaintFaultsState>
{
    /// <summary>Substantiated quality complaints.</summary>
    public long Quality { get; set; }

    /// <summary>Substantiated service complaints.</summary>
    public long Service { get; set; }

    /// <inheritdoc />
    public override void Add(Complaint fact, FoldContext context)
    {
        if (fact.Category == "quality")
        {
            Quality++;
        }
        else
        {
            Service++;
        }
    }

    /// <inheritdoc />
    public override void Merge(ComplaintFaultsState other)
    {
        Quality += other.Quality;
        Service += other.Service;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Kpi, KpiValue Value)> Values(ScopeKey scope, ScopeTargets? targets, FoldContext context)
    {
        yield return (ComplaintFaultsFamily.SubstantiatedComplaints, new ComplaintCountValue(Quality + Service,
            new Dictionary<string, long> { ["quality"] = Quality, ["service"] = Service }));
        yield return (ComplaintFaultsFamily.Fines, new AmountValue(context.Settings.ServiceComplaintFine * Service));
    }
}
