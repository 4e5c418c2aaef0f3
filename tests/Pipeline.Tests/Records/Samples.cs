using Pipeline.Records;

namespace Pipeline.Tests.Records;

/// <summary>A valid record of every kind, to change one field at a time.</summary>
public static class Samples
{
    public static Dictionary<string, string?> Valid(string kind) => kind switch
    {
        "employees" => new() { ["id"] = "E1", ["name"] = "王芳", ["department"] = "sales", ["region"] = "east" },
        "sales" => new()
        {
            ["id"] = "S-1", ["date"] = "2026-11-03", ["employeeId"] = "E1", ["customerId"] = "K1", ["product"] = "P1",
            ["amount"] = "1200.50",
        },
        "targets" => new() { ["period"] = "2026-11", ["scope"] = "employee", ["scopeId"] = "E1", ["salesAmount"] = "10000" },
        "surveys" => new() { ["id"] = "V-1", ["date"] = "2026-11-05", ["customerId"] = "K1", ["productQuality"] = "4" },
        "complaints" => new()
        {
            ["id"] = "C-1", ["receivedAt"] = "2026-11-03T09:00:00+08:00", ["customerId"] = "K1", ["category"] = "service",
        },
        "inquiries" => new() { ["id"] = "Q-1", ["receivedAt"] = "2026-11-03T09:00:00+08:00" },
        "serviceTickets" => new() { ["id"] = "T-1", ["openedAt"] = "2026-11-03T09:00:00+08:00", ["type"] = "repair" },
        "expenses" => new()
        {
            ["id"] = "X-1", ["date"] = "2026-11-03", ["department"] = "sales", ["category"] = "travel", ["amount"] = "300",
        },
        "campaigns" => new() { ["id"] = "M-1", ["startDate"] = "2026-11-01", ["endDate"] = "2026-11-30" },
        "researchTasks" => new() { ["id"] = "R-1", ["plannedDate"] = "2026-11-10" },
        "customers" => new() { ["id"] = "K-1", ["name"] = "客户甲", ["grade"] = "A", ["keeperId"] = "E1" },
        "visits" => new() { ["id"] = "VI-1", ["date"] = "2026-11-10", ["employeeId"] = "E1", ["customerId"] = "K-1", ["type"] = "routine" },
        "correctiveActions" => new() { ["id"] = "CA-1", ["raisedAt"] = "2026-11-03T09:00:00+08:00", ["dueDate"] = "2026-11-20", ["department"] = "service" },
        "peerReviews" => new() { ["id"] = "P-1", ["date"] = "2026-11-10", ["reviewerDepartment"] = "marketing", ["department"] = "service", ["score"] = "4" },
        "receivables" => new() { ["id"] = "RC-1", ["customerId"] = "K-1", ["invoiceDate"] = "2026-10-15", ["dueDate"] = "2026-11-14", ["amount"] = "1200.50" },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static RawRecord Raw(Dictionary<string, string?> fields, int index = 0, int? line = null) => new(index, line, fields);

    public static Dictionary<string, string?> With(this Dictionary<string, string?> record, string field, string? value)
    {
        var copy = new Dictionary<string, string?>(record);
        if (value is null)
        {
            copy.Remove(field);
        }
        else
        {
            copy[field] = value;
        }

        return copy;
    }
}
