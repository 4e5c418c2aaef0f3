namespace Pipeline.Ingestion;

/// <summary>How records arrived; tags the ingestion span and metrics.</summary>
public enum IngestionSource
{
    /// <summary><c>POST /api/records/{kind}</c>.</summary>
    Http,

    /// <summary>A message on the <c>ingest</c> queue.</summary>
    Queue,

    /// <summary>A CSV dropped under <c>incoming/{kind}/</c>.</summary>
    Blob,
}
