using System.Text.Json.Nodes;
using Pipeline.Assessment;

namespace Pipeline.Reports;

/// <summary>Everything a report is rendered from.</summary>
/// <param name="Result">The assessment result (what <c>assessment.json</c> holds).</param>
/// <param name="Analysis">Company-wide detail for the satisfaction and complaint analyses.</param>
/// <param name="Figures">Each scope's figures, with the records behind its alerts.</param>
/// <param name="History">Scope key (<c>company:company</c>, <c>department:sales</c>…) → earlier stored results, oldest first (period, KPIs).</param>
public sealed record ReportInput(
    AssessmentResult Result,
    Analysis Analysis,
    IReadOnlyList<ScopeFigures> Figures,
    IReadOnlyDictionary<string, IReadOnlyList<(string Period, JsonObject Kpis)>> History);
