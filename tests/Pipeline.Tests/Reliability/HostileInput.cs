using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using CsvHelper;
using Pipeline.Records;
using Pipeline.Tests.Records;

namespace Pipeline.Tests.Reliability;

/// <summary>Generators of hostile ingestion input: bad field values, bad records, and bodies that are not what they claim.</summary>
public static class HostileInput
{
    /// <summary>A value given as a JSON object where one value belongs (JSON and NDJSON only).</summary>
    public const string NotScalar = "\u0000object";

    /// <summary>One corrupted field: its name, and the value sent (null: the field left out).</summary>
    public sealed record Corruption(string Field, string? Value);

    /// <summary>A post whose records are all bad but one, each bad one for a known field.</summary>
    public sealed record RecordPost(string Kind, string Format, IReadOnlyList<Corruption> Bad, int ValidAt)
    {
        public override string ToString() => $"{Kind} as {Format}, valid record at {ValidAt}: {string.Join("; ", Bad.Select(b => $"{b.Field}={Show(b.Value)}"))}";
    }

    /// <summary>A body that is broken as a whole, or in ways that need no knowledge of the kind.</summary>
    public sealed record BrokenBody(string Kind, string? ContentType, byte[] Body, string What)
    {
        public override string ToString() => $"{What} to {Kind} as {ContentType ?? "(none)"} ({Body.Length} bytes)";
    }

    private static string Show(string? value) => value is null ? "(absent)" : value.Length > 40 ? value[..40] + $"…({value.Length})" : value;

    private static readonly string[] Hostile = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\")", "'; DROP TABLE x; --"];

    /// <summary>Every way this test knows to make <paramref name="field"/> invalid, whatever the rest of the record.</summary>
    public static IEnumerable<Corruption> BadValues(RecordKind kind, FieldSpec field, bool json)
    {
        var name = field.Name;
        if (field.Required && !(kind.DerivedId && name == "id"))
        {
            yield return new(name, null);
        }

        if (json && !(kind.DerivedId && name == "id"))
        {
            yield return new(name, NotScalar);
        }

        IEnumerable<string> values = field.Type switch
        {
            FieldType.Id when kind.DerivedId => [],
            FieldType.Id => ["has space", new string('a', 129), .. Hostile, "a/b", "编号"],
            FieldType.Text => [new string('x', field.MaxLength + 1), new string('<', field.MaxLength + 7), string.Concat(Enumerable.Repeat("😀", field.MaxLength / 2 + 1))],
            FieldType.Date => ["2026-13-01", "2026-02-29", "03/11/2026", "9999-12-31", "1899-12-31", "yesterday", .. Hostile],
            FieldType.Timestamp => ["2026-11-03T09:00:00", "2026-11-03T24:00:00Z", "2026-11-03", "1e9", .. Hostile],
            FieldType.Money => ["1,200.50", "abc", "1e13", "NaN", "Infinity", "--1", "0x10", .. Hostile],
            FieldType.NonNegativeMoney => ["-1", "-0.01", "1e13", "abc", .. Hostile],
            FieldType.Count => ["-1", "1.5", "x", "1e30", .. Hostile],
            FieldType.Score => [$"{field.Max + 1}", $"{field.Min - 1}", "2.5", "x", .. Hostile],
            FieldType.Boolean => ["yes", "2", "真", .. Hostile],
            FieldType.Enum => ["zzz", .. Hostile],
            FieldType.Month => ["2026-13", "2026/11", "11-2026", .. Hostile],
            _ => [],
        };
        foreach (var value in values)
        {
            yield return new(name, value);
        }
    }

    private static readonly string[] Formats = ["json", "ndjson", "csv"];

    /// <summary>Posts of 15 records of one kind in one format: 14 bad (one field each), one valid.</summary>
    public static Gen<RecordPost> RecordPosts { get; } =
        from kindIndex in Gen.Int[0, Pipeline.Kpis.KpiCatalog.Kinds.Count - 1]
        from format in Gen.OneOf(Formats)
        let kind = Pipeline.Kpis.KpiCatalog.Kinds[kindIndex]
        let candidates = kind.Fields.SelectMany(f => BadValues(kind, f, format != "csv")).ToList()
        from picks in Gen.Int[0, candidates.Count - 1].Array[14]
        from validAt in Gen.Int[0, 14]
        select new RecordPost(kind.Name, format, picks.Select(p => candidates[p]).ToList(), validAt);

    /// <summary>The records of a post, in order, with the index of each bad one's field.</summary>
    public static List<Dictionary<string, string?>> Records(RecordPost post)
    {
        var records = new List<Dictionary<string, string?>>();
        var bad = post.Bad.GetEnumerator();
        for (var i = 0; i < post.Bad.Count + 1; i++)
        {
            var record = Samples.Valid(post.Kind);
            if (record.ContainsKey("id"))
            {
                record["id"] = $"F-{Guid.NewGuid():N}";
            }

            if (i != post.ValidAt)
            {
                bad.MoveNext();
                record = record.With(bad.Current.Field, null);
                if (bad.Current.Value is { } value)
                {
                    record[bad.Current.Field] = value;
                }
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>The body of a post in its format, and its content type.</summary>
    public static (string Body, string ContentType) Body(RecordPost post)
    {
        var records = Records(post);
        return post.Format switch
        {
            "json" => (JsonSerializer.Serialize(records.Select(ToJson)), "application/json"),
            "ndjson" => (string.Join('\n', records.Select(r => JsonSerializer.Serialize(ToJson(r)))), "application/x-ndjson"),
            _ => (Csv(records), "text/csv"),
        };
    }

    private static Dictionary<string, object?> ToJson(Dictionary<string, string?> record) =>
        record.ToDictionary(pair => pair.Key, pair => pair.Value == NotScalar ? new { nested = 1 } : (object?)pair.Value);

    private static string Csv(List<Dictionary<string, string?>> records)
    {
        var header = records.SelectMany(r => r.Keys).Distinct().ToList();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            header.ForEach(csv.WriteField);
            csv.NextRecord();
            foreach (var record in records)
            {
                header.ForEach(name => csv.WriteField(record.GetValueOrDefault(name)));
                csv.NextRecord();
            }
        }

        return text.ToString();
    }

    private static readonly string?[] ContentTypes =
    [
        "application/json", "application/x-ndjson", "text/csv", "text/csv; charset=gb18030", "text/csv; charset=latin1",
        "application/json; charset=utf-16", "text/plain", "application/xml", null, "multipart/form-data; boundary=x", "nonsense/;;",
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static readonly string ValidJson = JsonSerializer.Serialize(new[] { Samples.Valid("sales"), Samples.Valid("sales").With("id", "S-2") });
    private static readonly string ValidCsv = "id,date,employeeId,customerId,product,amount\nS-1,2026-11-03,E1,K1,P1,10\nS-2,2026-11-03,E1,K1,P1,11\n";

    /// <summary>Bodies broken as a whole: cut, wrong encoding, wrong type, nested too deep, random bytes, stray syntax.</summary>
    public static Gen<BrokenBody> BrokenBodies { get; } =
        from kindIndex in Gen.Int[0, Pipeline.Kpis.KpiCatalog.Kinds.Count - 1]
        from contentType in Gen.OneOf(ContentTypes)
        from shape in Gen.Int[0, 9]
        from cut in Gen.Int[1, 200]
        from noise in Gen.Byte.Array[0, 300]
        from depth in Gen.Int[65, 400]
        select Broken(Pipeline.Kpis.KpiCatalog.Kinds[kindIndex].Name, contentType, shape, cut, noise, depth);

    private static BrokenBody Broken(string kind, string? contentType, int shape, int cut, byte[] noise, int depth) => shape switch
    {
        0 => new(kind, contentType, Utf8(ValidJson[..Math.Min(cut, ValidJson.Length - 1)]), "JSON cut short"),
        1 => new(kind, contentType, noise, "random bytes"),
        2 => new(kind, contentType, [.. Utf8(ValidCsv[..Math.Min(cut, ValidCsv.Length)]), 0xFF, 0xFE, 0xC3, 0x28, .. noise], "invalid UTF-8"),
        3 => new(kind, contentType, Utf8(new string('[', depth) + new string(']', depth)), "nested too deep"),
        4 => new(kind, contentType, Utf8("{\"records\": " + ValidJson[..Math.Min(cut, ValidJson.Length)] + "\"}"), "records wrapper broken"),
        5 => new(kind, contentType, Utf8(string.Join('\n', Enumerable.Range(0, cut % 20 + 1).Select(i => i % 3 == 0 ? "{\"id\":" : "[1,2]"))), "NDJSON lines of junk"),
        6 => new(kind, contentType, Utf8("\"id\",\"date\n\"S-1,\"2026-11-03\"\"\n" + new string('"', cut)), "CSV with stray quotes"),
        7 => new(kind, contentType, Encoding.Unicode.GetBytes(ValidJson), "UTF-16 sent as something else"),
        8 => new(kind, contentType, [], "empty"),
        _ => new(kind, contentType, Utf8("[" + string.Join(',', Enumerable.Repeat("null", cut)) + ", 5, \"x\", true, []]"), "array of non-records"),
    };
}
