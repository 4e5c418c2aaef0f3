using System.Diagnostics;
using DuckDB.NET.Data;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;

namespace Pipeline.Benchmarks;

/// <summary>
/// The baseline of the scale benchmark: DuckDB (in memory, in this process) loaded through its Appender with the same
/// sales and complaints (regenerated from the same seeds, both months), computing per month and scope (company,
/// department, region, employee, routed as the families route them) the sales sum, count, mean and median, and the
/// complaints received, resolved before the cut-off, and the median and 90th percentile of their resolution hours.
/// It computes none of the pipeline's other KPIs, targets, scores, alerts, changes or reports.
/// </summary>
internal static class ScaleDuckDb
{
    public sealed record SalesRow(decimal Sum, long Count, double Mean, double Median);

    public sealed record ComplaintsRow(long Received, long Resolved, double? Median, double? P90);

    public sealed record Result(
        long Rows,
        double LoadSeconds,
        double SalesQuerySeconds,
        double ComplaintsQuerySeconds,
        IReadOnlyDictionary<(string Month, string Scope, string Id), SalesRow> Sales,
        IReadOnlyDictionary<(string Month, string Scope, string Id), ComplaintsRow> Complaints)
    {
        public double QuerySeconds => SalesQuerySeconds + ComplaintsQuerySeconds;
    }

    private const string Scope = """
        CASE WHEN GROUPING(department) = 0 THEN 'department' WHEN GROUPING(region) = 0 THEN 'region'
             WHEN GROUPING(employee_id) = 0 THEN 'employee' ELSE 'company' END AS scope,
        CASE WHEN GROUPING(department) = 0 THEN department WHEN GROUPING(region) = 0 THEN region
             WHEN GROUPING(employee_id) = 0 THEN employee_id ELSE 'company' END AS id
        """;

    private const string Sets = "GROUPING SETS ((month), (month, department), (month, region), (month, employee_id))";

    // A sale counts toward its department (its own, else its employee's, else sales), its region (its own, else its
    // employee's) and its employee (SalesFamily.Route).
    public const string SalesQuery = $"""
        WITH s AS (
            SELECT s.month, s.amount, COALESCE(s.department, e.department, 'sales') AS department,
                   COALESCE(s.region, e.region) AS region, s.employee_id
            FROM sales s LEFT JOIN employees e ON e.id = s.employee_id)
        SELECT month, {Scope},
               SUM(amount) AS total, COUNT(*) AS n, AVG(CAST(amount AS DOUBLE)) AS mean, MEDIAN(CAST(amount AS DOUBLE)) AS median
        FROM s
        GROUP BY {Sets}
        """;

    // A complaint counts toward its department (default service), its region and its handler (ComplaintsFamily.Route);
    // resolved when resolved before the month's cut-off, in hours from receipt.
    public const string ComplaintsQuery = $"""
        WITH c AS (
            SELECT c.month, COALESCE(c.department, 'service') AS department, c.region, c.handler_id AS employee_id,
                   CASE WHEN c.resolved_at < k.cutoff
                        THEN CAST(date_diff('microsecond', c.received_at, c.resolved_at) AS DOUBLE) / CAST(3600000000 AS DOUBLE) END AS hours
            FROM complaints c JOIN cutoffs k ON k.month = c.month)
        SELECT month, {Scope},
               COUNT(*) AS received, COUNT(hours) AS resolved, MEDIAN(hours) AS median, quantile_cont(hours, 0.9) AS p90
        FROM c
        GROUP BY {Sets}
        """;

    public static Result Execute(ScaleData data, int threads)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, $"SET threads = {threads}");
        Execute(connection, "CREATE TABLE employees (id VARCHAR, department VARCHAR, region VARCHAR)");
        Execute(connection, "CREATE TABLE sales (month VARCHAR, id VARCHAR, employee_id VARCHAR, department VARCHAR, region VARCHAR, amount DECIMAL(18,2))");
        Execute(connection, "CREATE TABLE complaints (month VARCHAR, id VARCHAR, department VARCHAR, region VARCHAR, handler_id VARCHAR, received_at TIMESTAMP, resolved_at TIMESTAMP)");
        Execute(connection, "CREATE TABLE cutoffs (month VARCHAR, cutoff TIMESTAMP)");

        var settings = new AssessmentSettings();
        var load = Stopwatch.StartNew();
        long rows = 0;
        using (var appender = connection.CreateAppender("employees"))
        {
            foreach (var e in data.EmployeeList)
            {
                appender.CreateRow().AppendValue(e.Id).AppendValue(e.Department).AppendValue(e.Region).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("sales"))
        {
            foreach (var (kind, month, count) in data.Plan.Where(p => p.Kind == SalesFamily.Schema))
            {
                var name = month.ToString();
                for (long i = 0; i < count; i++)
                {
                    var v = data.Values(kind, month, i);
                    appender.CreateRow().AppendValue(name).AppendValue(v.Required<string>("id")).AppendValue(v.Required<string>("employeeId"))
                        .AppendValue(v.Get<string>("department")).AppendValue(v.Get<string>("region")).AppendValue(v.Required<decimal>("amount")).EndRow();
                    rows++;
                }
            }
        }

        using (var appender = connection.CreateAppender("complaints"))
        {
            foreach (var (kind, month, count) in data.Plan.Where(p => p.Kind == ComplaintsFamily.Schema))
            {
                var name = month.ToString();
                for (long i = 0; i < count; i++)
                {
                    var v = data.Values(kind, month, i);
                    var row = appender.CreateRow().AppendValue(name).AppendValue(v.Required<string>("id")).AppendValue(v.Get<string>("department"))
                        .AppendValue(v.Get<string>("region")).AppendValue(v.Get<string>("handlerId"))
                        .AppendValue(v.Required<DateTimeOffset>("receivedAt").UtcDateTime);
                    row = v.TryGet<DateTimeOffset>("resolvedAt", out var resolved) ? row.AppendValue(resolved.UtcDateTime) : row.AppendNullValue();
                    row.EndRow();
                    rows++;
                }
            }
        }

        using (var appender = connection.CreateAppender("cutoffs"))
        {
            foreach (var month in data.Plan.Where(p => p.Kind == ComplaintsFamily.Schema).Select(p => p.Month).Distinct())
            {
                appender.CreateRow().AppendValue(month.ToString()).AppendValue(data.Zone.CutOffOf(month, settings.GraceDays).UtcDateTime).EndRow();
            }
        }

        var loadSeconds = load.Elapsed.TotalSeconds;

        var salesWatch = Stopwatch.StartNew();
        var sales = new Dictionary<(string, string, string), SalesRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = SalesQuery;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.IsDBNull(2))
                {
                    continue; // the group of records without a region: no region scope
                }

                sales[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] =
                    new SalesRow(reader.GetDecimal(3), reader.GetInt64(4), reader.GetDouble(5), reader.GetDouble(6));
            }
        }

        var salesSeconds = salesWatch.Elapsed.TotalSeconds;

        var complaintsWatch = Stopwatch.StartNew();
        var complaints = new Dictionary<(string, string, string), ComplaintsRow>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = ComplaintsQuery;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.IsDBNull(2))
                {
                    continue;
                }

                complaints[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = new ComplaintsRow(
                    reader.GetInt64(3), reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6));
            }
        }

        var complaintsSeconds = complaintsWatch.Elapsed.TotalSeconds;
        return new Result(rows, loadSeconds, salesSeconds, complaintsSeconds, sales, complaints);
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
