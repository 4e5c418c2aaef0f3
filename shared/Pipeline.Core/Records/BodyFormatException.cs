namespace Pipeline.Records;

/// <summary>The body as a whole cannot be read as the declared format (answered with 400), or is over a limit (413).</summary>
public sealed class BodyFormatException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The body is readable but holds more than the pipeline takes in one post (answered with 413).</summary>
    public bool TooLarge { get; init; }
}
