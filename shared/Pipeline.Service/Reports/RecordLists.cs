using System.Globalization;
using System.Text;
using CsvHelper;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;

namespace Pipeline.Reports;

/// <summary>
/// <c>records.csv</c>: every list of records the reports show, complete, one row per record: the records behind each alert,
/// the unresolved and the late complaints, repeat complainants, the customer files incomplete, not approved and not
/// current, the corrective actions due and the guarantee deductions. The HTML reports show the first
/// <see cref="HtmlPage.ListedRows"/> of a list with its count and link here, so a page's size follows the scopes while
/// nothing a manager may act on is left out. Written row by row to a stream; each record names its kind, so it opens
/// with <c>GET /api/records/{kind}/{id}</c>.
/// </summary>
public static class RecordLists
{
    /// <summary>The file's name, beside the reports of the run.</summary>
    public const string FileName = "records.csv";

    /// <summary>The list of the records behind an alert (one list per alert).</summary>
    public const string Alert = "alert";

    /// <summary>The company's complaints not resolved by the cut-off, oldest first.</summary>
    public const string UnresolvedComplaints = "unresolvedComplaints";

    /// <summary>The company's complaints not first answered within the SLA, oldest first.</summary>
    public const string LateComplaints = "lateComplaints";

    /// <summary>The complaints of each customer who complained more than once (group: the customer).</summary>
    public const string RepeatComplainants = "repeatComplainants";

    /// <summary>Customer files missing a part.</summary>
    public const string IncompleteFiles = "incompleteFiles";

    /// <summary>Customer files not approved.</summary>
    public const string UnapprovedFiles = "unapprovedFiles";

    /// <summary>Trading customers whose file was not brought up to date.</summary>
    public const string NotCurrentFiles = "notCurrentFiles";

    /// <summary>The corrective actions due in the period.</summary>
    public const string CorrectiveActionsDue = "correctiveActionsDue";

    /// <summary>The receivables behind the guarantee deductions (group: the guarantor).</summary>
    public const string GuaranteeDeductions = "guaranteeDeductions";

    private static readonly string[] Columns = ["period", "list", "scope", "scopeId", "kpi", "group", "position", "kind", "id"];

    /// <summary>One listed record.</summary>
    /// <param name="List">Which list (the constants of <see cref="RecordLists"/>).</param>
    /// <param name="Scope">The scope kind the list is of (<c>company</c> for the company-wide lists).</param>
    /// <param name="ScopeId">The scope's id.</param>
    /// <param name="Kpi">The alert's KPI; null for the other lists.</param>
    /// <param name="Group">The customer of a repeat complainant's complaints, the guarantor of a deduction; else null.</param>
    /// <param name="Position">1-based position in its list (the order the report shows, worst first).</param>
    /// <param name="Kind">The record kind of <paramref name="Id"/> (contract §2 name).</param>
    /// <param name="Id">The record's id.</param>
    public sealed record Row(string List, string Scope, string ScopeId, string? Kpi, string? Group, int Position, string Kind, string Id);

    /// <summary>Every listed record of <paramref name="input"/>, list by list, each in its report's order.</summary>
    public static IEnumerable<Row> Rows(ReportInput input)
    {
        foreach (var alert in input.Result.Alerts)
        {
            var kind = KpiCatalog.AlertRecordsKind(alert.Kpi);
            for (var i = 0; i < alert.Records.Count; i++)
            {
                yield return new Row(Alert, alert.Scope, alert.Id, alert.Kpi, null, i + 1, kind, alert.Records[i]);
            }
        }

        var complaints = input.Detail<ComplaintDetail>();
        foreach (var row in Company(UnresolvedComplaints, ComplaintsFamily.Schema.Name, complaints.Unresolved.Items.Select(c => c.Id)))
        {
            yield return row;
        }

        foreach (var row in Company(LateComplaints, ComplaintsFamily.Schema.Name, complaints.Late.Items.Select(c => c.Id)))
        {
            yield return row;
        }

        // Customers in the page's order: most complaints first, then by id.
        foreach (var (customer, ids) in complaints.RepeatComplainants().OrderByDescending(r => r.Complaints.Count).ThenBy(r => r.Customer, StringComparer.Ordinal))
        {
            for (var i = 0; i < ids.Count; i++)
            {
                yield return new Row(RepeatComplainants, "company", "company", null, customer, i + 1, ComplaintsFamily.Schema.Name, ids[i]);
            }
        }

        var files = input.Detail<CustomerFileDetail>().Files.Items;
        foreach (var row in Company(IncompleteFiles, RecordKinds.Customers.Name, files.Where(f => f.Missing.Count > 0).Select(f => f.Id)))
        {
            yield return row;
        }

        foreach (var row in Company(UnapprovedFiles, RecordKinds.Customers.Name, files.Where(f => !f.Approved).Select(f => f.Id)))
        {
            yield return row;
        }

        var notCurrent = input.FiguresOf("company", "company").State<CustomerCurrencyState>().NotCurrent(input.Context);
        foreach (var row in Company(NotCurrentFiles, RecordKinds.Customers.Name, notCurrent))
        {
            yield return row;
        }

        foreach (var row in Company(CorrectiveActionsDue, CorrectiveActionsFamily.Schema.Name, input.Detail<CorrectiveActionDetail>().Actions.Items.Select(a => a.Id)))
        {
            yield return row;
        }

        foreach (var guarantor in input.Detail<GuaranteeDeductionsDetail>().Deductions.Items.GroupBy(d => d.GuarantorId, StringComparer.Ordinal))
        {
            var position = 0;
            foreach (var deduction in guarantor)
            {
                yield return new Row(GuaranteeDeductions, "company", "company", null, guarantor.Key, ++position, ReceivablesFamily.Schema.Name, deduction.ReceivableId);
            }
        }
    }

    /// <summary>Writes <c>records.csv</c> to <paramref name="stream"/> (UTF-8 with a BOM, as <c>assessment.csv</c>), row by row.</summary>
    public static void Write(ReportInput input, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16, leaveOpen: true);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        var period = AssessmentCsv.SafeCell(input.Result.Period);
        foreach (var row in Rows(input))
        {
            csv.WriteField(period);
            csv.WriteField(row.List);
            csv.WriteField(row.Scope);
            csv.WriteField(AssessmentCsv.SafeCell(row.ScopeId));
            csv.WriteField(row.Kpi);
            csv.WriteField(AssessmentCsv.SafeCell(row.Group));
            csv.WriteField(row.Position.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.Kind);
            csv.WriteField(AssessmentCsv.SafeCell(row.Id));
            csv.NextRecord();
        }
    }

    /// <summary>The bytes of <c>records.csv</c>.</summary>
    public static byte[] Write(ReportInput input)
    {
        using var stream = new MemoryStream();
        Write(input, stream);
        return stream.ToArray();
    }

    private static IEnumerable<Row> Company(string list, string kind, IEnumerable<string> ids)
    {
        var position = 0;
        foreach (var id in ids)
        {
            yield return new Row(list, "company", "company", null, null, ++position, kind, id);
        }
    }
}
