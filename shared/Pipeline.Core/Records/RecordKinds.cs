using Pipeline.Time;
using static Pipeline.Records.Fields;

namespace Pipeline.Records;

/// <summary>
/// The kinds every assessment reads besides the KPI families' own: employees and customers (master data) and targets. The
/// activity kinds live with the family that reads them (<c>Pipeline.Kpis.Families</c>); the list of all kinds
/// is <c>Pipeline.Kpis.KpiCatalog.Kinds</c>.
/// </summary>
public static class RecordKinds
{
    /// <summary>Master data: staff, with the department and region their records default to.</summary>
    public static RecordKind<Employee> Employees { get; } = new(
        "employees",
        [
            Id(), Text("name", required: true), Text("department", required: true), Text("region"),
            Enum("role", ["rep", "manager"], @default: "rep"), Of("active", FieldType.Boolean, @default: true),
        ],
        anchor: null,
        v => new Employee(
            v.Required<string>("id"), v.Required<string>("name"), v.Required<string>("department"), v.Get<string>("region"),
            v.Required<string>("role"), v.Required<bool>("active")));

    /// <summary>Master data: customer files, with the keeper and region their file KPIs count toward.</summary>
    public static RecordKind<Customer> Customers { get; } = new(
        "customers",
        [
            Id(), Text("name", required: true), Enum("grade", ["A", "B", "C", "D"]), Text("region"), Text("keeperId"),
            Enum("creditStatus", ["good", "watch", "bad"]),
            .. Customer.Parts.Select(part => Of(part, FieldType.Boolean, @default: false)),
            Of("approvedAt", FieldType.Timestamp), Of("fileUpdatedAt", FieldType.Timestamp), Of("active", FieldType.Boolean, @default: true),
            Of("updatedAt", FieldType.Timestamp),
        ],
        anchor: null,
        v => new Customer(
            v.Required<string>("id"), v.Required<string>("name"), v.Get<string>("grade"), v.Get<string>("region"), v.Get<string>("keeperId"),
            v.Get<string>("creditStatus"), v.Required<bool>("hasLegalDocs"), v.Required<bool>("hasContacts"), v.Required<bool>("hasCreditInfo"),
            v.Required<bool>("hasProductionInfo"), v.Required<bool>("hasTradeHistory"), v.Optional<DateTimeOffset>("approvedAt"),
            v.Optional<DateTimeOffset>("fileUpdatedAt"), v.Required<bool>("active")));

    /// <summary>The master-data kinds: no period, read whole by every assessment.</summary>
    public static IReadOnlyList<RecordKind> MasterData { get; } = [Employees, Customers];

    /// <summary>The measures a target may carry; at least one is required.</summary>
    public static IReadOnlyList<string> TargetMeasures { get; } =
        ["salesAmount", "grossProfit", "newProductSales", "newCustomers", "expenseBudget"];

    /// <summary>Monthly targets per company, department, region or employee; identity (period, scope, scopeId).</summary>
    public static RecordKind<Target> Targets { get; } = new(
        "targets",
        [
            Of("period", FieldType.Month, required: true),
            Enum("scope", ["company", "department", "region", "employee"], required: true),
            Text("scopeId", required: true),
            Of("salesAmount", FieldType.NonNegativeMoney), Of("grossProfit", FieldType.NonNegativeMoney),
            Of("newProductSales", FieldType.NonNegativeMoney), Of("newCustomers", FieldType.Count),
            Of("expenseBudget", FieldType.NonNegativeMoney),
        ],
        anchor: "period",
        v => new Target(
            v.Required<Period>("period"), v.Required<string>("scope"), v.Required<string>("scopeId"), v.Optional<decimal>("salesAmount"),
            v.Optional<decimal>("grossProfit"), v.Optional<decimal>("newProductSales"), v.Optional<long>("newCustomers"),
            v.Optional<decimal>("expenseBudget")),
        (values, error) =>
        {
            if (!TargetMeasures.Any(values.ContainsKey))
            {
                error("salesAmount", "a target needs at least one of salesAmount, grossProfit, newProductSales, newCustomers, expenseBudget");
            }

            if (values.Get<string>("scope") == "company" && values.TryGet<string>("scopeId", out var scopeId) && scopeId != "company")
            {
                error("scopeId", "must be 'company' when scope is company");
            }
        },
        derivedId: true);

    /// <summary>The derived identity of a target: <c>{period}:{scope}:{scopeId}</c>.</summary>
    public static string TargetId(Period period, string scope, string scopeId) => $"{period}:{scope}:{scopeId}";
}
