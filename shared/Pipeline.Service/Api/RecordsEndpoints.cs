using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Ingestion;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Api;

/// <summary><c>POST /api/records/{kind}</c>: ingestion over HTTP (CONTRACT §4).</summary>
public static class RecordsEndpoints
{
    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "records/{kind}";

    /// <summary>Reads, validates and stores the records in the body.</summary>
    public static async Task<Results<Ok<IngestionResult>, UnprocessableEntity<IngestionResult>, ProblemHttpResult>> IngestAsync(
        string kind,
        HttpRequest request,
        IngestionService ingestion,
        IOptions<IngestOptions> options,
        CancellationToken cancellationToken = default)
    {
        if (KpiCatalog.FindKind(kind) is not { } recordKind)
        {
            return Problems.Of(StatusCodes.Status404NotFound,
                $"Unknown record kind '{kind}'. Kinds: {string.Join(", ", KpiCatalog.Kinds.Select(k => k.Name))}.");
        }

        var limit = options.Value.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        byte[] body;
        try
        {
            if (await ReadBodyAsync(request.Body, limit, cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return TooLarge(limit);
            }

            body = read;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }

        IReadOnlyList<RawRecord> records;
        try
        {
            records = IngestionBody.Read(body, request.ContentType);
        }
        catch (IngestionBody.UnsupportedMediaTypeException ex)
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, ex.Message);
        }
        catch (BodyFormatException ex)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, ex.Message);
        }

        var atomic = request.Query.TryGetValue("atomic", out var atomicText) &&
                     (string.Equals(atomicText, "true", StringComparison.OrdinalIgnoreCase) || atomicText == "1");
        try
        {
            var result = await ingestion.IngestAsync(recordKind, records, atomic, IngestionSource.Http, cancellationToken).ConfigureAwait(false);
            return result.RefusedAtomic ? TypedResults.UnprocessableEntity(result) : TypedResults.Ok(result);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable,
                $"Storage failed ({StorageFailure.Describe(ex)}); some records of this post may be stored. " +
                "Resending the same body is safe: records are upserted by id.");
        }
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge,
            $"Body is larger than Ingest:MaxBodyBytes ({limit} bytes); split it into several posts.");

    // Reads at most limit + 1 bytes (null: too large), so an oversized body is never held whole.
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }
}
