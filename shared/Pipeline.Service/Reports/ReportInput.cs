using System.Text.Json.Nodes;
using Pipeline.Assessment;
using Pipeline.Kpis;

namespace Pipeline.Reports;

/// <summary>Everything a report is rendered from.</summary>
/// <param name="Result">The assessment result (what <c>assessment.json</c> holds).</param>
/// <param name="Details">Each family's company-wide detail for its analysis report.</param>
/// <param name="Figures">Each scope's figures, with the family states behind its alerts.</param>
/// <param name="History">Scope key (<c>company:company</c>, <c>department:sales</c>…) → earlier stored results of the same period kind, oldest first (period, KPIs).</param>
/// <param name="Context">The period, settings and master data the figures were folded in.</param>
public sealed record ReportInput(
    AssessmentResult Result,
    IReadOnlyList<IFamilyDetail> Details,
    IReadOnlyList<ScopeFigures> Figures,
    IReadOnlyDictionary<string, IReadOnlyList<(string Period, JsonObject Kpis)>> History,
    FoldContext Context)
{
    /// <summary>The figures of one scope.</summary>
    public ScopeFigures FiguresOf(string scope, string id) => Figures.First(f => f.Key.KindName == scope && f.Key.Id == id);

    /// <summary>The detail of the family whose detail is a <typeparamref name="T"/>.</summary>
    public T Detail<T>()
        where T : class, IFamilyDetail => Details.OfType<T>().Single();
}
