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
/// <remarks>
/// Limits keep hostile bodies cheap to refuse: at most <c>maxRecords</c> records per body (more is a
/// <see cref="BodyFormatException"/> with <see cref="BodyFormatException.TooLarge"/>), at most
/// <see cref="MaxFieldsPerRecord"/> fields per record (more is a read error of that record), CSV cells of at most
/// <see cref="MaxCsvCellChars"/> characters (a longer one is a body error naming its line).
/// </remarks>
public static class RecordBodyReader
{
    /// <summary>Records one body may hold unless the caller says otherwise.</summary>
    public const int DefaultMaxRecords = 100_000;

    /// <summary>Fields one record may carry (the widest kind has 15).</summary>
    public const int MaxFieldsPerRecord = 1_000;

    /// <summary>Characters one CSV cell may hold (the longest field, a survey comment, takes 2,000).</summary>
    public const int MaxCsvCellChars = 65_536;

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a JSON body (UTF-8; a byte-order mark is skipped).</summary>
    public static IReadOnlyList<RawRecord> ReadJson(ReadOnlyMemory<byte> utf8, int maxRecords = DefaultMaxRecords)
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
                    return FromArray(root, maxRecords);
                case JsonValueKind.Object when root.TryGetProperty("records", out var records):
                    return records.ValueKind == JsonValueKind.Array
                        ? FromArray(records, maxRecords)
                        : throw new BodyFormatException("\"records\" must be a JSON array of records");
                case JsonValueKind.Object:
                    return [FromObject(root, index: 0, line: null)];
                default:
                    throw new BodyFormatException("body must be a JSON array of records, a record object, or {\"records\": [...]}");
            }
        }
    }

    /// <summary>Reads NDJSON: one JSON object per line; blank lines are skipped.</summary>
    public static IReadOnlyList<RawRecord> ReadNdjson(string text, int maxRecords = DefaultMaxRecords)
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

            ThrowIfTooMany(records.Count, maxRecords);
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
    public static IReadOnlyList<RawRecord> ReadCsv(string text, int maxRecords = DefaultMaxRecords)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            BadDataFound = null,
            IgnoreBlankLines = true,
            MaxFieldSize = MaxCsvCellChars,
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

            if (header.Length > MaxFieldsPerRecord)
            {
                throw new BodyFormatException($"CSV header names {header.Length} columns; at most {MaxFieldsPerRecord} are read") { TooLarge = true };
            }

            var records = new List<RawRecord>();
            while (parser.Read())
            {
                ThrowIfTooMany(records.Count, maxRecords);
                var cells = parser.Record!;
                var line = parser.RawRow - CountLineBreaks(parser.RawRecord.AsSpan().TrimEnd("\r\n"));
                if (cells.Length > MaxFieldsPerRecord)
                {
                    records.Add(Unreadable(records.Count, line, $"line has {cells.Length} cells; at most {MaxFieldsPerRecord} are read"));
                    continue;
                }

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
        catch (MaxFieldSizeException ex)
        {
            throw new BodyFormatException($"CSV line {parser.RawRow} holds a cell longer than {MaxCsvCellChars} characters", ex) { TooLarge = true };
        }
        catch (CsvHelperException ex)
        {
            throw new BodyFormatException($"CSV cannot be read near line {parser.RawRow}: {FirstLine(ex.Message)}", ex);
        }
    }

    private static void ThrowIfTooMany(int count, int maxRecords)
    {
        if (count >= maxRecords)
        {
            throw new BodyFormatException($"body holds more than {maxRecords} records; split it into several posts") { TooLarge = true };
        }
    }

    // CsvHelper's messages carry the parser's whole context (the raw record, possibly megabytes): keep its first line.
    private static string FirstLine(string message) => message.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? message[..end] : message;

    private static int CountLineBreaks(ReadOnlySpan<char> text) => text.Count('\n');

    private static ReadOnlyMemory<byte> SkipBom(ReadOnlyMemory<byte> utf8) =>
        utf8.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? utf8[3..] : utf8;

    private static List<RawRecord> FromArray(JsonElement array, int maxRecords)
    {
        ThrowIfTooMany(array.GetArrayLength() - 1, maxRecords);
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
            if (fields.Count >= MaxFieldsPerRecord)
            {
                return Unreadable(index, line, $"record has more than {MaxFieldsPerRecord} fields");
            }

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
