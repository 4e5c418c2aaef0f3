using System.Text.Json;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;
using Pipeline.Records;
using Pipeline.Time;

namespace Pipeline.Tests.Kpis;

/// <summary>
/// A part read back from its travel form holds one string per distinct text, as the fold in process does by reference: a
/// complaint's id kept by the company, its department, region and handler, and by the complaint detail, is one string.
/// </summary>
public sealed class PartStringsTests
{
    private static readonly CompanyTimeZone Zone = new("Asia/Shanghai");

    [Fact]
    public void A_travelled_part_keeps_one_string_per_id_however_many_scopes_list_it_and_the_same_figures()
    {
        var employees = new List<Employee> { new("E1", "张三", "service", "east", "rep", true) };
        var context = new FoldContext(Period.Parse("2026-11"), new AssessmentSettings(), Zone, employees, []);
        var engine = new AssessmentEngine(context);
        var received = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.FromHours(8));
        foreach (var i in Enumerable.Range(1, 3))
        {
            // Unresolved and never answered: listed behind the resolution and the timeliness alerts of every scope.
            engine.Add(new Complaint($"C-{i}", received.AddHours(i), $"K{i}", "quality", "P1", "normal", "east", "service", "E1", null, null, null));
        }

        var travelled = AssessmentEngine.FromPart(JsonSerializer.Deserialize<EnginePart>(JsonSerializer.Serialize(engine.ToPart()))!, context);

        var figures = travelled.Figures();
        var lists = new[] { ScopeKey.Company, new ScopeKey(ScopeKind.Department, "service"), new ScopeKey(ScopeKind.Region, "east"), new ScopeKey(ScopeKind.Employee, "E1") }
            .Select(key => figures.Single(f => f.Key == key).State<ComplaintsState>())
            .SelectMany(state => new[] { state.Unresolved.Items, state.Late.Items })
            .ToList();
        var detail = travelled.Detail<ComplaintDetail>();
        Assert.Equal(8, lists.Count);
        for (var i = 0; i < 3; i++)
        {
            var id = lists[0][i].Id;
            Assert.Equal($"C-{i + 1}", id);
            Assert.All(lists, list => Assert.Same(id, list[i].Id));
            Assert.Same(id, detail.Unresolved.Items[i].Id);
            Assert.Same(id, detail.ByCustomer[$"K{i + 1}"].Single());
        }

        // Values shared among lines too (category, severity), and every figure as before the travel.
        Assert.Same(detail.Late.Items[0].Category, detail.Late.Items[2].Category);
        Assert.Equal(JsonSerializer.Serialize(engine.ToPart()), JsonSerializer.Serialize(travelled.ToPart()));
    }

    [Fact]
    public void Outside_a_part_being_read_strings_are_read_as_they_are()
    {
        var options = new JsonSerializerOptions { Converters = { PartStrings.Converter } };
        var a = JsonSerializer.Deserialize<string[]>("[\"quality\",\"quality\",\"a\\u0022b\",null]", options)!;
        Assert.NotSame(a[0], a[1]);
        Assert.Equal(new string?[] { "quality", "quality", "a\"b", null }, a);

        using (PartStrings.Share())
        {
            var b = JsonSerializer.Deserialize<Dictionary<string, string>>("{\"quality\":\"quality\",\"x\":\"a\\u0022b\"}", options)!;
            Assert.Same(b.Keys.First(), b["quality"]);
            Assert.Equal("a\"b", b["x"]);
            Assert.Equal("{\"quality\":\"quality\",\"x\":\"a\\u0022b\"}", JsonSerializer.Serialize(b, options));
        }

        var c = JsonSerializer.Deserialize<string[]>("[\"quality\",\"quality\"]", options)!;
        Assert.NotSame(c[0], c[1]);
    }
}
