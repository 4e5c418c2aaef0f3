using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Telemetry;
using Azure.Storage.Blobs.Models;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Ingestion;

/// <summary>
/// Ingestion of CSV files dropped under <c>incoming/{kind}/</c> (CONTRACT §5): the file is ingested (UTF-8 with or
/// without BOM, GB18030 when the blob's content type says <c>charset=gb18030</c>), then moved to
/// <c>processed/{kind}/{name}</c> beside <c>{name}.result.json</c> (the ingestion response) and, when rows were rejected,
/// <c>{name}.errors.csv</c> with <c>line</c>, <c>field</c> and <c>message</c> columns. Re-dropping a file doubles nothing
/// (records are upserted by id). A storage failure throws, so the trigger retries.
/// </summary>
public sealed partial class BlobIngestion(IngestionService ingestion, StorageAccount account, IOptions<StorageOptions> options, ILogger<BlobIngestion> logger)
{
    /// <summary>Ingests one dropped file and moves it out of <c>incoming</c>.</summary>
    /// <param name="kind">The record kind (the folder under <c>incoming/</c>).</param>
    /// <param name="name">The file name under that folder.</param>
    /// <param name="content">The file's bytes.</param>
    /// <param name="contentType">The blob's content type (its charset decides the encoding).</param>
    /// <param name="cancellationToken">Cancels the storage calls.</param>
    public async Task<IngestionResult?> ProcessAsync(string kind, string name, BinaryData content, string? contentType, CancellationToken cancellationToken = default)
    {
        using var activity = PipelineTelemetry.Start("pipeline.ingest.blob", System.Diagnostics.ActivityKind.Consumer);
        activity?.SetTag("pipeline.kind", kind);
        activity?.SetTag("pipeline.blob.name", $"{kind}/{name}");
        try
        {
            return await ProcessCoreAsync(kind, name, content, contentType, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity.Fail(ex);
            throw;
        }
    }

    private async Task<IngestionResult?> ProcessCoreAsync(string kind, string name, BinaryData content, string? contentType, CancellationToken cancellationToken)
    {
        var stem = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        var processed = account.Blobs.GetBlobContainerClient(options.Value.Name("processed"));
        await processed.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var folder = $"{kind}/";

        IngestionResult? result = null;
        string? error = null;
        if (KpiCatalog.FindKind(kind) is not { } recordKind)
        {
            error = $"unknown record kind '{kind}' (the folder under incoming/); kinds: {string.Join(", ", KpiCatalog.Kinds.Select(k => k.Name))}";
        }
        else
        {
            try
            {
                result = await ingestion.IngestAsync(recordKind, IngestionBody.Read(content, CsvContentType(contentType)), atomic: false, IngestionSource.Blob, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BodyFormatException or IngestionBody.UnsupportedMediaTypeException)
            {
                error = ex.Message;
            }
        }

        object report = result is not null ? result : new { kind, error };
        await Upload(processed, $"{folder}{stem}.result.json", BinaryData.FromObjectAsJson(report, StoredJson.Options), "application/json", cancellationToken).ConfigureAwait(false);
        if (result is { Rejected: > 0 })
        {
            await Upload(processed, $"{folder}{stem}.errors.csv", BinaryData.FromBytes(ErrorsCsv(result)), "text/csv; charset=utf-8", cancellationToken).ConfigureAwait(false);
        }

        await Upload(processed, $"{folder}{name}", content, contentType ?? "text/csv", cancellationToken).ConfigureAwait(false);
        await account.Blobs.GetBlobContainerClient(options.Value.Name("incoming")).GetBlobClient($"{kind}/{name}")
            .DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        LogProcessed(kind, name, result?.Accepted ?? 0, result?.Rejected ?? 0, error);
        return result;
    }

    // The blob's content type says the charset; the format is CSV whatever the type says (files are dropped as octet-stream too).
    private static string CsvContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.Charset.HasValue
            ? $"text/csv; charset={parsed.Charset.Value}"
            : "text/csv";

    private static byte[] ErrorsCsv(IngestionResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(true)))
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "line", "index", "id", "field", "message" })
            {
                csv.WriteField(header);
            }

            csv.NextRecord();
            foreach (var error in result.Errors)
            {
                csv.WriteField(error.Line);
                csv.WriteField(error.Index);
                csv.WriteField(Reports.AssessmentCsv.SafeCell(error.Id));
                csv.WriteField(Reports.AssessmentCsv.SafeCell(error.Field));
                csv.WriteField(Reports.AssessmentCsv.SafeCell(error.Message));
                csv.NextRecord();
            }
        }

        return stream.ToArray();
    }

    private static Task Upload(Azure.Storage.Blobs.BlobContainerClient container, string path, BinaryData data, string contentType, CancellationToken cancellationToken) =>
        container.GetBlobClient(path).UploadAsync(data, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);

    [LoggerMessage(LogLevel.Information, "Dropped file {Kind}/{Name}: {Accepted} accepted, {Rejected} rejected {Error}")]
    private partial void LogProcessed(string kind, string name, int accepted, int rejected, string? error);
}
