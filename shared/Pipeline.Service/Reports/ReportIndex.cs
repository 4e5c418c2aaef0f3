using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Assessment;
using Pipeline.Kpis;
using Pipeline.Time;
using Pipeline.Kpis.Families;

namespace Pipeline.Reports;

/// <summary>
/// <c>reports/index.json</c>: every assessed period with its latest run, headline KPIs, alert count, report paths and
/// its recent runs — what the portal and <c>GET /api/reports</c> list. Updated with an ETag condition so two runs
/// finishing together do not lose each other's entry.
/// </summary>
public static class ReportIndex
{
    /// <summary>The blob name.</summary>
    public const string Name = "index.json";

    /// <summary>KPIs shown as headlines.</summary>
    public static IReadOnlyList<string> Headline { get; } =
    [
        SalesFamily.SalesAmount, SalesFamily.SalesCompletionRate, SurveysFamily.SatisfactionIndex, ComplaintsFamily.ComplaintResolutionRate,
        ComplaintsFamily.ComplaintTimelyResponseRate, SurveysFamily.Nps,
    ];

    private const int RunsKept = 24;

    /// <summary>How many of an alert's records the index (and the portal) lists; the rest are a records query away.</summary>
    public const int AlertRecordsListed = 20;

    /// <summary>
    /// Adds or replaces the entry of <paramref name="result"/>'s period. A provisional result never replaces a final
    /// entry, and one whose files did not reach the latest paths (<paramref name="latest"/> false) replaces nothing:
    /// either is only listed among the entry's runs.
    /// </summary>
    public static async Task UpdateAsync(BlobContainerClient container, AssessmentResult result, bool latest = true, CancellationToken cancellationToken = default)
    {
        var blob = container.GetBlobClient(Name);
        for (var attempt = 0; ; attempt++)
        {
            JsonObject index;
            ETag? etag = null;
            try
            {
                var current = await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false);
                index = JsonNode.Parse(current.Value.Content.ToString())!.AsObject();
                etag = current.Value.Details.ETag;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                index = new JsonObject { ["periods"] = new JsonArray() };
            }

            if (!Merge(index, result, latest))
            {
                return;
            }

            var conditions = etag is { } tag ? new BlobRequestConditions { IfMatch = tag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                await blob.UploadAsync(BinaryData.FromString(index.ToJsonString()), new BlobUploadOptions
                {
                    Conditions = conditions,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
                }, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                // Someone else updated it meanwhile: read again and merge again.
            }
        }
    }

    /// <summary>Reads the index; an empty one when nothing was published yet.</summary>
    public static async Task<JsonObject> ReadAsync(BlobContainerClient container, CancellationToken cancellationToken = default)
    {
        try
        {
            var current = await container.GetBlobClient(Name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return JsonNode.Parse(current.Value.Content.ToString())!.AsObject();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new JsonObject { ["periods"] = new JsonArray() };
        }
    }

    /// <summary>Whether an index entry (or a run of one) is provisional; entries written before provisional runs existed are final.</summary>
    public static bool IsProvisional(JsonNode? entry) => entry?["provisional"] is JsonValue value && value.TryGetValue<bool>(out var provisional) && provisional;

    // False when there is nothing to change (a run kept behind a final one, of a period not listed yet).
    private static bool Merge(JsonObject index, AssessmentResult result, bool latest)
    {
        var periods = index["periods"]!.AsArray();
        var existing = periods.FirstOrDefault(p => (string?)p!["period"] == result.Period)?.AsObject();
        var runs = existing?["runs"]?.AsArray().Select(r => r!.DeepClone()).ToList() ?? [];
        runs.RemoveAll(r => (string?)r["runId"] == result.RunId);
        runs.Insert(0, new JsonObject { ["runId"] = result.RunId, ["generatedAt"] = result.GeneratedAt, ["provisional"] = result.Provisional });
        if (!latest || (result.Provisional && existing is not null && !IsProvisional(existing)))
        {
            if (existing is null)
            {
                return false;
            }

            existing["runs"] = new JsonArray(runs.Take(RunsKept).ToArray());
            return true;
        }

        if (existing is not null)
        {
            periods.Remove(existing);
        }

        var company = result.Scopes.First(s => s.Scope == "company");
        var headline = new JsonObject();
        foreach (var kpi in Headline)
        {
            headline[kpi] = company.Kpis[kpi].Number;
        }

        periods.Add(new JsonObject
        {
            ["period"] = result.Period,
            ["kind"] = result.Kind,
            ["provisional"] = result.Provisional,
            ["cutOff"] = result.CutOff,
            ["runId"] = result.RunId,
            ["generatedAt"] = result.GeneratedAt,
            ["reports"] = new JsonArray(result.Reports.Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
            ["headline"] = headline,
            ["alerts"] = result.Alerts.Count,
            ["alertList"] = new JsonArray(result.Alerts.Select(a => (JsonNode)new JsonObject
            {
                ["scope"] = a.Scope, ["id"] = a.Id, ["kpi"] = a.Kpi, ["value"] = a.Value, ["recordsKind"] = KpiCatalog.AlertRecordsKind(a.Kpi),
                ["records"] = new JsonArray(a.Records.Take(AlertRecordsListed).Select(r => (JsonNode)JsonValue.Create(r)!).ToArray()),
                ["recordCount"] = a.Records.Count,
            }).ToArray()),
            ["runs"] = new JsonArray(runs.Take(RunsKept).ToArray()),
        });
        // Newest first, as periods (a quarter or a year sorts among the months by its first day, not by its text).
        var sorted = periods.Select(p => p!.DeepClone()).OrderByDescending(p => Period.Parse((string)p["period"]!)).ToList();
        periods.Clear();
        foreach (var period in sorted)
        {
            periods.Add(period);
        }

        return true;
    }

    internal static JsonSerializerOptions Json => Pipeline.Storage.StoredJson.Options;
}
