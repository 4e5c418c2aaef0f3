using Pipeline.Reports;

namespace Pipeline.Runs.Publication;

/// <summary>
/// A place a published run goes (CONTRACT §5, §6): the report blobs, history and index; the Service Bus event; later mail
/// and webhooks. One class each, registered as <see cref="IPublicationSink"/> in the services: the registrations are the
/// set of places a run goes, in <see cref="Order"/>.
/// </summary>
public interface IPublicationSink
{
    /// <summary>Where this sink comes among the others (lower first): the report blobs come before anything announces them.</summary>
    int Order { get; }

    /// <summary>Publishes <paramref name="run"/> here.</summary>
    Task PublishAsync(PublishedRun run, CancellationToken cancellationToken = default);
}

/// <summary>A run rendered and being published.</summary>
/// <param name="Run">The completed run.</param>
/// <param name="Files">Its rendered files (spooled on local disk).</param>
public sealed record PublishedRun(CompletedRun Run, ReportSet Files)
{
    /// <summary>Whether the period's latest paths hold this run once the report blobs are written (false: a provisional run behind a final one).</summary>
    public bool Latest { get; set; } = true;
}
