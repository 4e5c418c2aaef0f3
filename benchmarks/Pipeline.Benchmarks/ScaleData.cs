using System.Globalization;
using Azure.Data.Tables;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using Pipeline.Storage;
using Pipeline.Time;

namespace Pipeline.Benchmarks;

/// <summary>
/// The records of the scale benchmark, made in memory and never all held: a record is a pure function of its kind,
/// month and sequence number (a SplitMix64 stream seeded by the three), so any partition, page or consumer (the pipeline,
/// DuckDB) regenerates exactly the same records in any order. Ids are hashed into the storage layout's buckets
/// (<see cref="StorageKeys.BucketOf"/>), so a partition holds exactly the records the table would hold in it.
/// </summary>
internal sealed class ScaleData
{
    public const ulong Seed = 20261129;
    public const int Employees = 3_000;
    public const int Customers = 20_000;

    private static readonly (string Name, double Share)[] DepartmentShares =
        [("sales", 0.55), ("service", 0.25), ("marketing", 0.10), ("finance", 0.05), ("production", 0.05)];

    public static IReadOnlyList<string> Regions { get; } =
        ["east", "west", "north", "south", "central", "northeast", "northwest", "southwest", "southeast", "coastal", "inland", "overseas"];

    // The share of the records of each kind (of all months read), sales dominant; the rest in the proportions of a
    // manufacturer's month. Kinds not listed here (none today) would get no records.
    private static readonly Dictionary<string, double> Shares = new(StringComparer.Ordinal)
    {
        ["sales"] = 0.50, ["complaints"] = 0.08, ["surveys"] = 0.08, ["serviceTickets"] = 0.07, ["inquiries"] = 0.07,
        ["visits"] = 0.07, ["expenses"] = 0.06, ["receivables"] = 0.05, ["peerReviews"] = 0.01, ["researchTasks"] = 0.005,
        ["correctiveActions"] = 0.004, ["campaigns"] = 0.001,
    };

    private static readonly Dictionary<string, int> KindNumbers =
        KpiCatalog.Kinds.Select((kind, i) => (kind.Name, i + 1)).ToDictionary(p => p.Name, p => p.Item2, StringComparer.Ordinal);

    private static readonly string[] Products = Enumerable.Range(1, 200).Select(i => $"P{i:D3}").ToArray();
    private static readonly string[] Channels = ["direct", "online", "distributor", "phone"];
    private static readonly string[] ExpenseCategories = ["travel", "entertainment", "advertising", "research", "promotion", "other"];
    private static readonly string[] TicketTypes = ["install", "commissioning", "repair", "maintenance", "other"];
    private static readonly string[] Comments = ["交货及时，服务很好", "价格偏高", "质量稳定 good quality", "希望加快响应", "包装破损"];

    private readonly List<Employee> _employees = [];
    private readonly Dictionary<string, string[]> _staff = new(StringComparer.Ordinal);
    private readonly string[] _everyone;
    private readonly string[] _keyCustomers;

    public ScaleData(long records, Period period, CompanyTimeZone zone, AssessmentSettings settings)
    {
        Period = period;
        Zone = zone;
        var rng = new Rng(Seed, 0, 0, 0);
        var departmentOf = new string[Employees];
        for (var i = 0; i < Employees; i++)
        {
            var x = (i + 0.5) / Employees;
            var department = DepartmentShares[^1].Name;
            foreach (var (name, share) in DepartmentShares)
            {
                if (x < share)
                {
                    department = name;
                    break;
                }

                x -= share;
            }

            departmentOf[i] = department;
            _employees.Add(new Employee(
                $"E{i + 1:D5}", $"员工{i + 1:D5}", department, Regions[rng.Next(Regions.Count)], rng.Next(20) == 0 ? "manager" : "rep", rng.Next(50) != 0));
        }

        foreach (var (name, _) in DepartmentShares)
        {
            _staff[name] = _employees.Where(e => e.Department == name).Select(e => e.Id).ToArray();
        }

        _everyone = _employees.Select(e => e.Id).ToArray();
        _keyCustomers = CustomerValues().Where(v => v.Get<string>("grade") is "A" or "B").Select(v => v.Required<string>("id")).ToArray();

        // Each kind over the months the runner reads for the period and the previous one (receivables: a year back).
        var current = new FoldContext(period, settings, zone, []);
        var previous = new FoldContext(period.Previous, settings, zone, []);
        var plan = new List<(RecordKind Kind, Period Month, long Count)>();
        foreach (var kind in KpiCatalog.ActivityKinds)
        {
            var months = KpiCatalog.Reads(kind, current).Months().Union(KpiCatalog.Reads(kind, previous).Months()).Order().ToList();
            var total = (long)Math.Round(records * Shares.GetValueOrDefault(kind.Name));
            for (var m = 0; m < months.Count; m++)
            {
                plan.Add((kind, months[m], (total / months.Count) + (m < total % months.Count ? 1 : 0)));
            }
        }

        Plan = plan;
        Records = plan.Sum(p => p.Count);

        // Sales targets near what the generated sales reach, so completion rates and scores land around 100 %.
        var salesPerMonth = (double)Records * Shares["sales"] / 2;
        MeanSale = 2_600;
        SalesTargetPerRep = (decimal)Math.Round(salesPerMonth / _staff["sales"].Length * MeanSale * 0.97 / 100) * 100;
    }

    public Period Period { get; }

    public CompanyTimeZone Zone { get; }

    /// <summary>(kind, month, how many records) for every kind and month read.</summary>
    public IReadOnlyList<(RecordKind Kind, Period Month, long Count)> Plan { get; }

    /// <summary>Activity records, all months.</summary>
    public long Records { get; }

    private double MeanSale { get; }

    private decimal SalesTargetPerRep { get; }

    public IReadOnlyList<Employee> EmployeeList => _employees;

    /// <summary>The employees as stored values.</summary>
    public IEnumerable<RecordValues> EmployeeValues() => _employees.Select(e => new RecordValues
    {
        ["id"] = e.Id, ["name"] = e.Name, ["department"] = e.Department, ["region"] = e.Region!, ["role"] = e.Role, ["active"] = e.Active,
    });

    /// <summary>The customer files as stored values.</summary>
    public IEnumerable<RecordValues> CustomerValues()
    {
        for (var i = 0; i < Customers; i++)
        {
            var r = new Rng(Seed, 1000, 0, i);
            var keeper = r.Next(10) == 0 ? null : _staff["sales"][r.Next(_staff["sales"].Length)];
            var values = new RecordValues
            {
                ["id"] = $"K{i + 1:D6}", ["name"] = $"客户{i + 1:D6}有限公司",
                ["grade"] = r.Pick(10) switch { 0 => "A", 1 or 2 => "B", < 7 => "C", _ => "D" },
                ["active"] = r.Next(30) != 0,
            };
            if (r.Next(8) != 0)
            {
                values["region"] = Regions[r.Next(Regions.Count)];
            }

            if (keeper is not null)
            {
                values["keeperId"] = keeper;
            }

            values["creditStatus"] = r.Next(10) switch { 0 => "bad", 1 or 2 => "watch", _ => "good" };
            foreach (var part in Pipeline.Records.Customer.Parts)
            {
                values[part] = r.Next(10) != 0;
            }

            if (r.Next(12) != 0)
            {
                // Mostly approved long ago; a few during the period, so some sales precede their file's approval.
                values["approvedAt"] = r.Next(25) == 0
                    ? LocalInstant(Period.FirstDay.AddDays(r.Next(28)), r.Next(24 * 60))
                    : LocalInstant(Period.FirstDay.AddDays(-30 - r.Next(700)), r.Next(24 * 60));
            }

            values["fileUpdatedAt"] = LocalInstant(Period.FirstDay.AddDays(-r.Next(500)), r.Next(24 * 60));
            yield return values;
        }
    }

    /// <summary>Monthly targets of the period and the previous one: employees, departments, regions, the company.</summary>
    public IEnumerable<RecordValues> TargetValues()
    {
        foreach (var month in new[] { Period.Previous, Period })
        {
            var budget = Math.Max(1_000m, Math.Round((decimal)(Records * Shares["expenses"] / 2 / Employees * 1_700) / 100) * 100);
            foreach (var e in _employees)
            {
                var values = Target(month, "employee", e.Id);
                values["expenseBudget"] = budget;
                if (e.Department == "sales")
                {
                    values["salesAmount"] = SalesTargetPerRep;
                    values["grossProfit"] = Math.Round(SalesTargetPerRep * 0.2m);
                    values["newProductSales"] = Math.Round(SalesTargetPerRep * 0.14m);
                    values["newCustomers"] = Math.Max(1L, (long)Math.Round((double)Records * Shares["sales"] / 2 / _staff["sales"].Length * 0.03));
                }

                yield return values;
            }

            foreach (var (department, _) in DepartmentShares)
            {
                var values = Target(month, "department", department);
                values["expenseBudget"] = budget * _staff[department].Length;
                if (department == "sales")
                {
                    values["salesAmount"] = SalesTargetPerRep * _staff["sales"].Length;
                }

                yield return values;
            }

            foreach (var region in Regions)
            {
                var values = Target(month, "region", region);
                values["salesAmount"] = SalesTargetPerRep * _staff["sales"].Length / Regions.Count;
                yield return values;
            }

            var company = Target(month, "company", "company");
            company["salesAmount"] = SalesTargetPerRep * _staff["sales"].Length;
            yield return company;
        }

        static RecordValues Target(Period month, string scope, string id) =>
            new() { ["period"] = month, ["scope"] = scope, ["scopeId"] = id };
    }

    /// <summary>The id of record <paramref name="index"/> of <paramref name="kind"/> in <paramref name="month"/>.</summary>
    public static string IdOf(RecordKind kind, Period month, long index) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(kind)}{month.Year:D4}{month.Index:D2}-{index:D8}");

    /// <summary>
    /// The bucket of each <see cref="IdOf"/> of one kind and month without making the strings: FNV-1a over the id's ASCII
    /// bytes, as <see cref="StorageKeys.BucketOf"/>, with the prefix hashed once.
    /// </summary>
    public static Func<long, int> Buckets(RecordKind kind, Period month)
    {
        var prefix = IdOf(kind, month, 0)[..^8];
        var start = 2166136261u;
        foreach (var c in prefix)
        {
            start = (start ^ (byte)c) * 16777619;
        }

        return index =>
        {
            Span<byte> digits = stackalloc byte[20];
            index.TryFormat(digits, out var written, "D8", CultureInfo.InvariantCulture);
            var hash = start;
            foreach (var b in digits[..written])
            {
                hash = (hash ^ b) * 16777619;
            }

            return (int)(hash % StorageKeys.Buckets);
        };
    }

    private static string Prefix(RecordKind kind) => kind.Name switch
    {
        "sales" => "SA", "complaints" => "CP", "surveys" => "SV", "serviceTickets" => "ST", "inquiries" => "IQ", "visits" => "VI",
        "expenses" => "EX", "receivables" => "RC", "peerReviews" => "PR", "researchTasks" => "RT", "correctiveActions" => "CA",
        "campaigns" => "CM", _ => kind.Name[..2].ToUpperInvariant(),
    };

    /// <summary>
    /// The entities of one partition (kind, month, bucket), page by page as the reader gets them: the records of the month
    /// whose id hashes into the bucket, mapped by the storage's own <see cref="EntityMapping.ToEntity"/>.
    /// </summary>
    public IEnumerable<List<TableEntity>> Pages(RecordKind kind, Period month, long count, int bucket, int pageSize = 1000)
    {
        var page = new List<TableEntity>(pageSize);
        var bucketOf = Buckets(kind, month);
        for (long i = 0; i < count; i++)
        {
            if (bucketOf(i) != bucket)
            {
                continue;
            }

            var values = Values(kind, month, i);
            page.Add(EntityMapping.ToEntity(kind, new ValidRecord(0, values.Required<string>("id"), month, values)));
            if (page.Count == pageSize)
            {
                yield return page;
                page = new List<TableEntity>(pageSize);
            }
        }

        if (page.Count > 0)
        {
            yield return page;
        }
    }

    /// <summary>The entities of master data or targets in one bucket (few: a single page per bucket is fine).</summary>
    public static List<TableEntity> Entities(RecordKind kind, IEnumerable<RecordValues> all, Period? month, int bucket) =>
        all.Select(values => (values, id: kind.DerivedId ? RecordKinds.TargetId(values.Required<Period>("period"), values.Required<string>("scope"), values.Required<string>("scopeId")) : values.Required<string>("id")))
            .Where(p => StorageKeys.BucketOf(p.id) == bucket && (month is null || p.values.Required<Period>("period") == month))
            .Select(p => EntityMapping.ToEntity(kind, new ValidRecord(0, p.id, month, p.values)))
            .ToList();

    /// <summary>Record <paramref name="index"/> of <paramref name="kind"/> in <paramref name="month"/>, as validated values.</summary>
    public RecordValues Values(RecordKind kind, Period month, long index)
    {
        var r = new Rng(Seed, KindNumbers[kind.Name], (month.Year * 12) + month.Index, index);
        var id = IdOf(kind, month, index);
        var days = month.EndExclusive.DayNumber - month.FirstDay.DayNumber;
        var day = month.FirstDay.AddDays(r.Next(days));
        var v = new RecordValues { ["id"] = id };
        switch (kind.Name)
        {
            case "sales":
            {
                v["date"] = day;
                v["employeeId"] = r.Next(20) == 0 ? Any(ref r) : Of(ref r, "sales");
                v["customerId"] = CustomerId(ref r);
                v["product"] = Products[r.Next(Products.Length)];
                var cents = (long)(Math.Exp(4.6 + (r.NextDouble() * 6)) * 100);
                var amount = cents / 100m * (r.Next(33) == 0 ? -1 : 1);
                v["amount"] = amount;
                v["grossProfit"] = Math.Round(amount * (10 + r.Next(25)) / 100m, 2);
                v["newProduct"] = r.Next(7) == 0;
                v["newCustomer"] = r.Next(25) == 0;
                v["channel"] = Channels[r.Next(Channels.Length)];
                if (r.Next(40) == 0)
                {
                    v["region"] = Regions[r.Next(Regions.Count)];
                }

                break;
            }

            case "complaints":
            {
                var received = LocalInstant(day, r.Next(24 * 60));
                v["receivedAt"] = received;
                v["customerId"] = CustomerId(ref r);
                var quality = r.Next(5) < 2;
                v["category"] = quality ? "quality" : "service";
                if (quality)
                {
                    v["product"] = Products[r.Next(Products.Length)];
                }

                v["severity"] = r.Next(10) switch { 0 => "high", < 4 => "low", _ => "normal" };
                v["channel"] = Channels[r.Next(Channels.Length)];
                v["region"] = Regions[r.Next(Regions.Count)];
                v["handlerId"] = Of(ref r, "service");
                if (r.Next(20) != 0)
                {
                    v["firstResponseAt"] = received.AddMinutes(10 + r.Next(60 * 60));
                }

                if (r.Next(7) != 0)
                {
                    v["resolvedAt"] = received.AddMinutes(60 + r.Next(400 * 60));
                }

                if (r.Next(3) == 0)
                {
                    v["followUpSatisfaction"] = 1 + r.Next(5);
                }

                if (r.Next(5) == 0)
                {
                    v["responsibleId"] = Any(ref r);
                    v["substantiated"] = r.Next(4) != 0;
                }

                break;
            }

            case "surveys":
            {
                v["date"] = day;
                v["customerId"] = CustomerId(ref r);
                v["kind"] = r.Next(5) == 0 ? "followUp" : "periodic";
                foreach (var dimension in SurveysFamily.Dimensions)
                {
                    if (dimension == SurveysFamily.Dimensions[0] || r.Next(20) != 0)
                    {
                        v[dimension] = Score(ref r);
                    }
                }

                v["overall"] = Score(ref r);
                v["recommend"] = r.Next(11);
                if (r.Next(10) != 0)
                {
                    v["employeeId"] = Of(ref r, "sales");
                }

                if (r.Next(20) == 0)
                {
                    v["comment"] = Comments[r.Next(Comments.Length)];
                }

                break;
            }

            case "serviceTickets":
            {
                var opened = LocalInstant(day, r.Next(24 * 60));
                v["openedAt"] = opened;
                v["type"] = TicketTypes[r.Next(TicketTypes.Length)];
                v["customerId"] = CustomerId(ref r);
                v["region"] = Regions[r.Next(Regions.Count)];
                v["handlerId"] = Of(ref r, "service");
                if (r.Next(30) != 0)
                {
                    v["respondedAt"] = opened.AddMinutes(10 + r.Next(60 * 60));
                }

                if (r.Next(10) != 0)
                {
                    v["completedAt"] = opened.AddMinutes(120 + r.Next(300 * 60));
                }

                if (r.Next(25) != 0)
                {
                    v["qualityCheck"] = r.Next(15) == 0 ? "fail" : "pass";
                }

                break;
            }

            case "inquiries":
            {
                var received = LocalInstant(day, r.Next(24 * 60));
                v["receivedAt"] = received;
                v["channel"] = Channels[r.Next(Channels.Length)];
                if (r.Next(10) < 7)
                {
                    v["customerId"] = CustomerId(ref r);
                }

                v["topic"] = Products[r.Next(Products.Length)];
                v["region"] = Regions[r.Next(Regions.Count)];
                v["handlerId"] = Of(ref r, "service");
                if (r.Next(20) != 0)
                {
                    v["firstReplyAt"] = received.AddMinutes(5 + r.Next(12 * 60));
                }

                break;
            }

            case "visits":
            {
                v["date"] = day;
                v["employeeId"] = Of(ref r, "sales");
                v["customerId"] = r.Next(2) == 0 ? _keyCustomers[r.Next(_keyCustomers.Length)] : CustomerId(ref r);
                v["type"] = VisitsFamily.Types[r.Next(VisitsFamily.Types.Count)];
                if (r.Next(5) < 3)
                {
                    v["opinions"] = (long)r.Next(5);
                }

                break;
            }

            case "expenses":
            {
                var employee = _employees[r.Next(_employees.Count)];
                v["date"] = day;
                v["department"] = employee.Department;
                v["category"] = ExpenseCategories[r.Next(ExpenseCategories.Length)];
                v["amount"] = (10_00 + r.Next(8_000_00)) / 100m;
                v["employeeId"] = employee.Id;
                break;
            }

            case "receivables":
            {
                var amount = (1_000_00 + (long)r.Next(200_000_00)) / 100m;
                v["customerId"] = CustomerId(ref r);
                v["dueDate"] = day;
                v["invoiceDate"] = day.AddDays(-30 * (1 + r.Next(3)));
                v["amount"] = amount;
                var paid = r.Next(20);
                if (paid < 13)
                {
                    v["paidAmount"] = amount;
                    v["paidAt"] = day.AddDays(r.Next(50) - 10);
                }
                else if (paid < 15)
                {
                    v["paidAmount"] = Math.Round(amount / 2, 2);
                    v["paidAt"] = day.AddDays(r.Next(50) - 10);
                }

                v["employeeId"] = Of(ref r, "sales");
                if (r.Next(10) < 3)
                {
                    v["guarantorId"] = Of(ref r, "sales");
                    v["guaranteeAmount"] = Math.Round(amount / 2, 2);
                }

                break;
            }

            case "peerReviews":
            {
                var reviewed = DepartmentShares[r.Next(DepartmentShares.Length)].Name;
                var reviewer = DepartmentShares[(Array.FindIndex(DepartmentShares, d => d.Name == reviewed) + 1 + r.Next(DepartmentShares.Length - 1)) % DepartmentShares.Length].Name;
                v["date"] = day;
                v["reviewerDepartment"] = reviewer;
                v["department"] = reviewed;
                if (r.Next(2) == 0)
                {
                    v["employeeId"] = Of(ref r, reviewed);
                }

                v["score"] = Score(ref r);
                break;
            }

            case "researchTasks":
            {
                v["plannedDate"] = day;
                v["title"] = $"调研 {Products[r.Next(Products.Length)]}";
                v["employeeId"] = Of(ref r, "marketing");
                if (r.Next(4) != 0)
                {
                    v["completedDate"] = day.AddDays(r.Next(25) - 5);
                }

                break;
            }

            case "correctiveActions":
            {
                var department = DepartmentShares[r.Next(DepartmentShares.Length)].Name;
                var raised = day.AddDays(-5 - r.Next(35));
                v["dueDate"] = day;
                v["raisedAt"] = LocalInstant(raised, 10 * 60);
                v["department"] = department;
                v["kpi"] = KpiCatalog.KpiNames[r.Next(KpiCatalog.KpiNames.Count)];
                v["ownerId"] = Of(ref r, department);
                if (r.Next(10) < 7)
                {
                    v["closedAt"] = LocalInstant(raised.AddDays(1 + r.Next(45)), 15 * 60);
                    v["effective"] = r.Next(5) != 0;
                }

                break;
            }

            case "campaigns":
            {
                v["startDate"] = day;
                v["endDate"] = day.AddDays(7 + r.Next(50));
                v["channel"] = Channels[r.Next(Channels.Length)];
                v["cost"] = (10_000_00 + (long)r.Next(90_000_00)) / 100m;
                long Planned() => 100 + r.Next(10_000);
                var exposure = Planned();
                var participants = Planned() / 10;
                var conversions = Math.Max(1, participants / 10);
                v["plannedExposure"] = exposure;
                v["exposure"] = exposure * (50 + r.Next(100)) / 100;
                v["plannedParticipants"] = participants;
                v["participants"] = participants * (50 + r.Next(100)) / 100;
                v["plannedConversions"] = conversions;
                v["conversions"] = conversions * (50 + r.Next(100)) / 100;
                break;
            }

            default:
                throw new InvalidOperationException($"the scale benchmark makes no {kind.Name} records: add them to ScaleData");
        }

        return v;
    }

    private DateTimeOffset LocalInstant(DateOnly date, int minute) =>
        Zone.ToInstant(date.ToDateTime(new TimeOnly(minute / 60, minute % 60)));

    private string Of(ref Rng r, string department) => _staff[department][r.Next(_staff[department].Length)];

    private string Any(ref Rng r) => _everyone[r.Next(_everyone.Length)];

    // Mostly customers with a file; one in fifty without one (K9xxxxx).
    private static string CustomerId(ref Rng r) =>
        r.Next(50) == 0 ? $"K9{r.Next(100_000):D5}" : $"K{1 + r.Next(Customers):D6}";

    private static int Score(ref Rng r) => r.Next(10) switch { 0 => 1, 1 => 2, < 4 => 3, < 8 => 4, _ => 5 };

    /// <summary>SplitMix64, seeded per record: cheap, allocation-free and the same on every machine.</summary>
    internal struct Rng
    {
        private ulong _state;

        public Rng(ulong seed, long a, long b, long c)
        {
            _state = seed;
            _state = Mix(_state ^ (ulong)a) + Mix((ulong)b * 0x9E3779B97F4A7C15) + Mix((ulong)c + 0x632BE59BD9B4E019);
        }

        public int Next(int bound) => (int)((NextULong() >> 11) % (ulong)bound);

        public int Pick(int bound) => Next(bound);

        public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

        private ulong NextULong()
        {
            _state += 0x9E3779B97F4A7C15;
            return Mix(_state);
        }

        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
