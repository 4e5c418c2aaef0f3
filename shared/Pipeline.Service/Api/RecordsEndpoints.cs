using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Pipeline.Ingestion;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Time;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Api;

/// <summary>
/// <c>/api/records/{kind}</c>: ingestion over HTTP, and reading back and deleting what was stored (CONTRACT §4).
/// </summary>
public static class RecordsEndpoints
{
    /// <summary>The route below <c>/api</c>.</summary>
    public const string Route = "records/{kind}";

    /// <summary>The route of one record below <c>/api</c>.</summary>
    public const string RecordRoute = "records/{kind}/{id}";

    /// <summary><c>GET /api/records/{kind}/{id}</c>: one stored record as it is stored; 404 if absent.</summary>
    public static async Task<Results<Ok<System.Text.Json.Nodes.JsonObject>, ProblemHttpResult>> GetAsync(
        string kind, string id, HttpRequest request, StoredRecords records, StorageHealth health, CancellationToken cancellationToken = default)
    {
        if (KpiCatalog.FindKind(kind) is not { } recordKind)
        {
            return UnknownKind(kind);
        }

        try
        {
            return await records.FindAsync(recordKind, id, cancellationToken).ConfigureAwait(false) is { } record
                ? TypedResults.Ok(record)
                : Problems.Of(StatusCodes.Status404NotFound, $"No {recordKind.Name} record has the id '{id}'.");
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Unavailable(request.HttpContext, health, $"Storage failed ({StorageFailure.Describe(ex)}); try again shortly.", ex);
        }
    }

    /// <summary>
    /// <c>GET /api/records/{kind}?period=</c>: the stored records of a kind in a month, quarter or year (master data:
    /// without a period), at most 1,000 a page, with a link to the next page.
    /// </summary>
    public static async Task<Results<Ok<RecordPage>, ProblemHttpResult>> ListAsync(
        string kind, HttpRequest request, StoredRecords records, StorageHealth health, CancellationToken cancellationToken = default)
    {
        if (KpiCatalog.FindKind(kind) is not { } recordKind)
        {
            return UnknownKind(kind);
        }

        var periodText = request.Query["period"].ToString();
        Period? period = null;
        if (recordKind.IsMasterData)
        {
            if (periodText.Length > 0)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, $"{recordKind.Name} are master data and belong to no period: leave out ?period=.");
            }
        }
        else if (Period.TryParse(periodText, out var parsed))
        {
            period = parsed;
        }
        else
        {
            return Problems.Of(StatusCodes.Status400BadRequest,
                $"?period= is required for {recordKind.Name}: a month (yyyy-MM), a quarter (yyyy-Qn) or a year (yyyy); got '{periodText}'.");
        }

        try
        {
            var page = await records.PageAsync(recordKind, period, request.Query["continuation"].ToString(), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            string? next = null;
            if (page.Continuation is { } continuation)
            {
                var query = new Dictionary<string, string?> { ["continuation"] = continuation };
                if (period is { } p)
                {
                    query["period"] = p.ToString();
                }

                if (request.Query["code"].ToString() is { Length: > 0 } code)
                {
                    query["code"] = code;
                }

                next = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/api/records/{recordKind.Name}", query);
            }

            return TypedResults.Ok(new RecordPage(page.Records, next));
        }
        catch (FormatException ex)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, $"?continuation=: {ex.Message}.");
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Unavailable(request.HttpContext, health, $"Storage failed ({StorageFailure.Describe(ex)}); try again shortly.", ex);
        }
    }

    /// <summary><c>DELETE /api/records/{kind}/{id}</c>: removes a record sent by mistake; 204, or 404 if absent.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string kind, string id, HttpRequest request, StoredRecords records, StorageHealth health, CancellationToken cancellationToken = default)
    {
        if (KpiCatalog.FindKind(kind) is not { } recordKind)
        {
            return UnknownKind(kind);
        }

        try
        {
            return await records.DeleteAsync(recordKind, id, cancellationToken).ConfigureAwait(false)
                ? TypedResults.NoContent()
                : Problems.Of(StatusCodes.Status404NotFound, $"No {recordKind.Name} record has the id '{id}'.");
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Unavailable(request.HttpContext, health, $"Storage failed ({StorageFailure.Describe(ex)}); try again shortly.", ex);
        }
    }

    private static ProblemHttpResult UnknownKind(string kind) =>
        Problems.Of(StatusCodes.Status404NotFound, $"Unknown record kind '{kind}'. Kinds: {string.Join(", ", KpiCatalog.Kinds.Select(k => k.Name))}.");


    /// <summary>Reads, validates and stores the records in the body.</summary>
    public static async Task<Results<Ok<IngestionResult>, UnprocessableEntity<IngestionResult>, ProblemHttpResult>> IngestAsync(
        string kind,
        HttpRequest request,
        IngestionService ingestion,
        IOptions<IngestOptions> options,
        StorageHealth health,
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
            records = IngestionBody.Read(body, request.ContentType, options.Value.MaxRecords);
        }
        catch (IngestionBody.UnsupportedMediaTypeException ex)
        {
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, ex.Message);
        }
        catch (BodyFormatException ex)
        {
            return Problems.Of(ex.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest, ex.Message);
        }

        var atomic = request.Query.TryGetValue("atomic", out var atomicText) &&
                     (string.Equals(atomicText, "true", StringComparison.OrdinalIgnoreCase) || atomicText == "1");
        // Reading and validating need no storage: a bad body is answered 400 even during an outage.
        if (!health.IsReachable)
        {
            return Problems.Unavailable(request.HttpContext, health, Problems.StorageDown(health));
        }

        try
        {
            var result = await ingestion.IngestAsync(recordKind, records, atomic, IngestionSource.Http, cancellationToken).ConfigureAwait(false);
            return result.RefusedAtomic ? TypedResults.UnprocessableEntity(result) : TypedResults.Ok(result);
        }
        catch (Exception ex) when (StorageFailure.Is(ex))
        {
            return Problems.Unavailable(request.HttpContext, health,
                $"Storage failed ({StorageFailure.Describe(ex)}); some records of this post may be stored. " +
                $"Resending the same body is safe (records are upserted by id): retry after {Problems.RetryAfterSeconds} s.", ex);
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

/// <summary>A page of stored records (CONTRACT §4).</summary>
/// <param name="Records">The records, as stored (contract field names, defaults filled in).</param>
/// <param name="Next">The link to the following page; null on the last.</param>
public sealed record RecordPage(IReadOnlyList<System.Text.Json.Nodes.JsonObject> Records, string? Next);
