namespace Pipeline.Runs.Publication;

/// <summary>The <c>assessment.published</c> event on Service Bus (CONTRACT §5), where a namespace is configured (<see cref="AssessmentEvents"/>).</summary>
public sealed class AssessmentEventSink(AssessmentEvents events) : IPublicationSink
{
    /// <inheritdoc />
    public int Order => 100;

    /// <inheritdoc />
    public Task PublishAsync(PublishedRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return events.PublishedAsync(run.Run.Result, cancellationToken); // sends nothing for a provisional result
    }
}
