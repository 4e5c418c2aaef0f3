using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace Pipeline.Records;

/// <summary>
/// Reads an ingestion body into raw records: a JSON array, a single JSON object, <c>{"records": [...]}</c>,
/// NDJSON, or CSV whose first row names the fields. Throws <see cref="BodyFormatException"/> when the body
/// as a whole is unreadable; a single unreadable record becomes a <see cref="RawRecord"/> with a read error.
/// </summary>
public static class RecordBodyReader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a JSON body (UTF-8; a byte-order mark is skipped).</summary>
    public static IReadOnlyList<RawRecord> ReadJson(ReadOnlyMemory<byte> utf8)
    {
        utf8 = SkipBom(utf8);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new BodyFormatException($"body is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    return FromArray(root);
                case JsonValueKind.Object when root.TryGetProperty("records", out var records):
                    return records.ValueKind == JsonValueKind.Array
                        ? FromArray(records)
                        : throw new BodyFormatException("\"records\" must be a JSON array of records");
                case JsonValueKind.Object:
                    return [FromObject(root, index: 0, line: null)];
                default:
                    throw new BodyFormatException("body must be a JSON array of records, a record object, or {\"records\": [...]}");
            }
        }
    }

    /// <summary>Reads NDJSON: one JSON object per line; blank lines are skipped.</summary>
    public static IReadOnlyList<RawRecord> ReadNdjson(string text)
    {
        var records = new List<RawRecord>();
        var readable = 0;
        var lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (lineNumber == 1 && trimmed[0] == '\uFEFF')
            {
                trimmed = trimmed[1..];
            }

            try
            {
                using var document = JsonDocument.Parse(trimmed.ToString(), JsonOptions);
                readable++;
                records.Add(document.RootElement.ValueKind == JsonValueKind.Object
                    ? FromObject(document.RootElement, records.Count, lineNumber)
                    : Unreadable(records.Count, lineNumber, "line must hold one JSON object"));
            }
            catch (JsonException ex)
            {
                records.Add(Unreadable(records.Count, lineNumber, $"line is not valid JSON: {ex.Message}"));
            }
        }

        if (records.Count > 0 && readable == 0)
        {
            throw new BodyFormatException("body is not NDJSON: no line holds a JSON value");
        }

        return records;
    }

    /// <summary>Reads CSV: the first row names the fields; empty cells are absent values.</summary>
    public static IReadOnlyList<RawRecord> ReadCsv(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            IgnoreBlankLines = true,
        };
        using var parser = new CsvParser(new StringReader(text), configuration);
        try
        {
            if (!parser.Read())
            {
                throw new BodyFormatException("CSV body is empty: the first row must name the fields");
            }

            var header = parser.Record!.Select(name => name.Trim()).ToArray();
            if (header.All(string.IsNullOrEmpty))
            {
                throw new BodyFormatException("CSV header row is empty: the first row must name the fields");
            }

            var records = new List<RawRecord>();
            while (parser.Read())
            {
                var cells = parser.Record!;
                var line = parser.RawRow - CountLineBreaks(parser.RawRecord.AsSpan().TrimEnd("\r\n"));
                var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
                for (var i = 0; i < header.Length; i++)
                {
                    if (header[i].Length > 0 && !fields.ContainsKey(header[i]))
                    {
                        fields[header[i]] = i < cells.Length && cells[i].Length > 0 ? cells[i] : null;
                    }
                }

                records.Add(new RawRecord(records.Count, line, fields));
            }

            return records;
        }
        catch (CsvHelperException ex)
        {
            throw new BodyFormatException($"CSV cannot be read near line {parser.RawRow}: {ex.Message}", ex);
        }
    }

    private static int CountLineBreaks(ReadOnlySpan<char> text) => text.Count('\n');

    private static ReadOnlyMemory<byte> SkipBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

    private static List<RawRecord> FromArray(JsonElement array)
    {
        var records = new List<RawRecord>(array.GetArrayLength());
        foreach (var element in array.EnumerateArray())
        {
            records.Add(element.ValueKind == JsonValueKind.Object
                ? FromObject(element, records.Count, line: null)
                : Unreadable(records.Count, null, "record must be a JSON object"));
        }

        return records;
    }

    private static RawRecord FromObject(JsonElement element, int index, int? line)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            fields[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => RawRecord.NotScalar,
            };
        }

        return new RawRecord(index, line, fields);
    }

    private static RawRecord Unreadable(int index, int? line, string message) =>
        new(index, line, new Dictionary<string, string?>()) { ReadError = message };
}
