using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Records;
using Pipeline.Reports;
using Pipeline.Runs;
using Pipeline.Tests.Assessment;
using Pipeline.Time;

namespace Pipeline.Tests.Kpis;

/// <summary>
/// The fold is exact: any split of a period's records, folded part by part in any order, some parts travelling as
/// their plain data form, and merged in any order, gives the one-pass engine field by field — its plain data form,
/// the result and every CSV and HTML report byte for byte.
/// </summary>
public sealed class FoldMergeTests
{
    private static readonly CompanyTimeZone Zone = new("Asia/Shanghai");
    private static readonly DateTimeOffset GeneratedAt = new(2026, 12, 1, 2, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(20261124)]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(424242)]
    public void Folding_any_split_in_any_order_and_merging_gives_the_one_pass_engine(int seed)
    {
        var (employees, customers, records) = Month(seed);
        var settings = new AssessmentSettings();
        var context = new FoldContext(Period.Parse("2026-11"), settings, Zone, employees, customers);
        var previousContext = new FoldContext(Period.Parse("2026-10"), settings, Zone, employees, customers);
        var previous = Fold(previousContext, records, masterData: true);

        var whole = Fold(context, records, masterData: true);
        var expected = Snapshot(whole, previous);
        Assert.True(whole.Inputs.Values.Sum() > 400, "the month is not trivially small");

        var random = new Random(seed);
        for (var trial = 0; trial < 12; trial++)
        {
            var shuffled = records.OrderBy(_ => random.Next()).ToList();
            // Master data is folded once, into one of the parts.
            var count = 1 + random.Next(12);
            var withMasterData = random.Next(count);
            var parts = Split(shuffled, count, random)
                .Select((part, i) => Fold(context, part, masterData: i == withMasterData))
                .Select(engine => random.Next(2) == 0 ? Travel(engine, context) : engine)
                .OrderBy(_ => random.Next())
                .ToList();

            // Merge as a random tree, not only left to right: associativity as well as commutativity.
            while (parts.Count > 1)
            {
                var i = random.Next(parts.Count - 1);
                var merged = new AssessmentEngine(context);
                merged.Merge(parts[i]);
                merged.Merge(parts[i + 1]);
                parts[i] = merged;
                parts.RemoveAt(i + 1);
            }

            var actual = Snapshot(parts[0], previous);
            foreach (var (name, content) in expected)
            {
                Assert.True(content == actual[name], $"seed {seed}, trial {trial}: {name} differs from the one-pass fold");
            }
        }
    }

    [Fact]
    public void The_plain_data_form_names_every_family_that_folded_something()
    {
        var (employees, customers, records) = Month(7);
        var engine = Fold(new FoldContext(Period.Parse("2026-11"), new AssessmentSettings(), Zone, employees, customers), records, masterData: true);
        var part = JsonNode.Parse(JsonSerializer.Serialize(engine.ToPart(), AssessmentStore.Json))!.AsObject();
        var families = part["scopes"]!["company:company"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
        Assert.Equal(KpiCatalog.Families.Select(f => f.Name).Order(StringComparer.Ordinal), families);
        Assert.Equal(["complaints", "correctiveActions", "customers", "surveys"], part["details"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_part_of_another_period_is_refused()
    {
        var context = new FoldContext(Period.Parse("2026-11"), new AssessmentSettings(), Zone, []);
        var other = new AssessmentEngine(new FoldContext(Period.Parse("2026-10"), new AssessmentSettings(), Zone, []));
        Assert.Throws<ArgumentException>(() => new AssessmentEngine(context).Merge(other));
    }

    // Everything observable of an engine: its plain data, the result, and the text reports.
    private static Dictionary<string, string> Snapshot(AssessmentEngine engine, AssessmentEngine previous)
    {
        var figures = engine.Figures();
        var result = engine.Complete("run", GeneratedAt, figures, previous.Figures(), previous.Period);
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["part"] = JsonSerializer.Serialize(engine.ToPart()),
            ["result"] = JsonSerializer.Serialize(result, AssessmentStore.Json),
        };
        var files = ReportFiles.Build(new ReportInput(result, engine.Details, figures, new Dictionary<string, IReadOnlyList<(string, JsonObject)>>(), engine.Context), "zh-CN");
        foreach (var (name, (_, content)) in files.Where(f => !f.Key.EndsWith(".xlsx", StringComparison.Ordinal)))
        {
            snapshot[name] = ReportFiles.Text(content);
        }

        return snapshot;
    }

    private static AssessmentEngine Fold(FoldContext context, IEnumerable<(Period? Month, object Record)> records, bool masterData)
    {
        var engine = new AssessmentEngine(context);
        if (masterData)
        {
            engine.AddMasterData();
        }

        foreach (var (month, record) in records)
        {
            // As the runner reads: a record of a month its kind's families need (the period; a year back for receivables).
            if (month is null || (record is Target ? context.Period.Contains(month.Value) : KpiCatalog.Reads(KindOf(record), context).Overlaps(month.Value)))
            {
                engine.Add(record);
            }
        }

        return engine;
    }

    private static RecordKind KindOf(object record) => KpiCatalog.Families[KpiCatalog.FamiliesOf(record.GetType())[0]].Kind;

    private static AssessmentEngine Travel(AssessmentEngine engine, FoldContext context)
    {
        var json = JsonSerializer.Serialize(engine.ToPart());
        return AssessmentEngine.FromPart(JsonSerializer.Deserialize<EnginePart>(json)!, context);
    }

    private static List<List<T>> Split<T>(List<T> items, int parts, Random random)
    {
        var cuts = Enumerable.Range(0, parts - 1).Select(_ => random.Next(items.Count + 1)).Append(0).Append(items.Count).Order().ToList();
        return cuts.Zip(cuts.Skip(1), (from, to) => items.GetRange(from, to - from)).ToList();
    }

    // The seeded mixed month, validated as ingestion validates it (last record of an id wins), as typed records with the month they belong to.
    private static (List<Employee> Employees, List<Customer> Customers, List<(Period? Month, object Record)> Records) Month(int seed)
    {
        var validator = new RecordValidator(Zone);
        var employees = new List<Employee>();
        var customers = new List<Customer>();
        var records = new List<(Period?, object)>();
        foreach (var (name, list) in MixedMonth.Generate(seed))
        {
            var kind = KpiCatalog.FindKind(name)!;
            var raw = RecordBodyReader.ReadJson(Encoding.UTF8.GetBytes(new JsonArray(list.Select(r => (JsonNode)r.DeepClone()).ToArray()).ToJsonString()));
            var valid = raw.Select(r => validator.Validate(kind, r).Record).OfType<ValidRecord>()
                .GroupBy(r => r.Id).Select(g => g.Last()).ToList();
            foreach (var record in valid)
            {
                var typed = kind.ReadRecord(record.Values);
                if (typed is Employee employee)
                {
                    employees.Add(employee);
                }
                else if (typed is Customer customer)
                {
                    customers.Add(customer);
                }
                else
                {
                    records.Add((record.Period, typed));
                }
            }
        }

        return (employees, customers, records);
    }
}
