using Azure;

namespace Pipeline.Storage;

/// <summary>Recognises a failure of the storage service (as opposed to a bug) after the SDK's own retries.</summary>
public static class StorageFailure
{
    /// <summary>
    /// Whether <paramref name="exception"/> says storage failed: a <see cref="RequestFailedException"/>, or the
    /// <see cref="AggregateException"/> the Azure SDK throws when every retry failed to reach the service.
    /// </summary>
    public static bool Is(Exception exception) => exception switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        _ => false,
    };

    /// <summary>
    /// Whether <paramref name="exception"/> says storage could not be reached at all (no HTTP answer: connection refused,
    /// reset, DNS, timeout), as opposed to a service that answered with an error.
    /// </summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        RequestFailedException => false,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsUnreachable),
        HttpRequestException or System.Net.Sockets.SocketException or TimeoutException or IOException => true,
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };

    /// <summary>A short description for logs and problem details.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        RequestFailedException { Status: > 0 } failed => $"{failed.Status} {failed.ErrorCode}",
        RequestFailedException failed => failed.InnerException?.Message ?? failed.Message,
        AggregateException aggregate => Describe(aggregate.InnerExceptions[^1]),
        _ => exception.Message,
    };
}
