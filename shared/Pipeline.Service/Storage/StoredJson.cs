using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Storage;

/// <summary>How the pipeline writes every JSON document it stores (results, ingestion results, poison envelopes).</summary>
public static class StoredJson
{
    /// <summary>
    /// camelCase, as CONTRACT §4, with Chinese and punctuation written as themselves (the files are JSON documents,
    /// never inlined in HTML, so the HTML-safe escaping of the default encoder is not needed).
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
