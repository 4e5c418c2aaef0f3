namespace Pipeline.Records;

/// <summary>The body as a whole cannot be read as the declared format (answered with 400).</summary>
public sealed class BodyFormatException(string message, Exception? inner = null) : Exception(message, inner);
