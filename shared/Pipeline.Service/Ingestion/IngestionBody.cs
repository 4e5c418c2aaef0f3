using System.Text;
using Microsoft.Net.Http.Headers;
using Pipeline.Records;

namespace Pipeline.Ingestion;

/// <summary>
/// Turns a body and its content type into raw records: JSON (<c>application/json</c>, <c>+json</c>),
/// NDJSON (<c>application/x-ndjson</c>) or CSV (<c>text/csv</c>, UTF-8 with or without BOM, or
/// <c>charset=gb18030</c> as Excel on Chinese Windows exports it).
/// </summary>
public static class IngestionBody
{
    /// <summary>The body's content type is not one the pipeline reads (answered with 415).</summary>
    public sealed class UnsupportedMediaTypeException(string message) : Exception(message);

    /// <summary>Reads <paramref name="body"/> declared as <paramref name="contentType"/>.</summary>
    /// <exception cref="UnsupportedMediaTypeException">The content type or charset is not supported.</exception>
    /// <exception cref="BodyFormatException">The body cannot be read as that type.</exception>
    public static IReadOnlyList<RawRecord> Read(ReadOnlyMemory<byte> body, string? contentType, int maxRecords = RecordBodyReader.DefaultMaxRecords)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            throw new UnsupportedMediaTypeException(
                "Content-Type is missing or unreadable: send application/json, application/x-ndjson or text/csv");
        }

        var type = mediaType.MediaType.Value?.ToLowerInvariant();
        var charset = mediaType.Charset.HasValue ? mediaType.Charset.Value!.Trim('"').ToLowerInvariant() : null;
        if (body.IsEmpty)
        {
            throw new BodyFormatException("body is empty");
        }

        switch (type)
        {
            case "application/json" or "text/json":
            case not null when type.StartsWith("application/", StringComparison.Ordinal) && type.EndsWith("+json", StringComparison.Ordinal):
                RequireUtf8(charset, "JSON");
                return RecordBodyReader.ReadJson(body, maxRecords);
            case "application/x-ndjson" or "application/ndjson" or "application/jsonl" or "application/x-jsonlines":
                RequireUtf8(charset, "NDJSON");
                return RecordBodyReader.ReadNdjson(Decode(body, Utf8Strict, "UTF-8"), maxRecords);
            case "text/csv" or "application/csv":
                return RecordBodyReader.ReadCsv(charset switch
                {
                    null or "utf-8" or "utf8" => Decode(body, Utf8Strict, "UTF-8"),
                    "gb18030" or "gbk" or "gb2312" => Decode(body, Gb18030, "GB18030"),
                    _ => throw new UnsupportedMediaTypeException($"charset '{charset}' is not supported for CSV: use utf-8 or gb18030"),
                }, maxRecords);
            default:
                throw new UnsupportedMediaTypeException(
                    $"Content-Type '{type}' is not supported: send application/json, application/x-ndjson or text/csv");
        }
    }

    private static readonly Encoding Utf8Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // GBK and GB2312 are subsets of GB18030, so one decoder serves all three labels.
    private static readonly Encoding Gb18030 = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    private static void RequireUtf8(string? charset, string format)
    {
        if (charset is not (null or "utf-8" or "utf8"))
        {
            throw new UnsupportedMediaTypeException($"{format} must be UTF-8 (charset '{charset}' is not supported)");
        }
    }

    private static string Decode(ReadOnlyMemory<byte> body, Encoding encoding, string name)
    {
        try
        {
            return encoding.GetString(body.Span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new BodyFormatException($"body is not valid {name} (byte offset {ex.Index})", ex);
        }
    }
}
