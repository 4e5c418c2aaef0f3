using System.Net;
using Polly;
using Polly.Retry;

namespace Pipeline.Tests.Reliability;

/// <summary>
/// What the README tells a sender to do: on 503 wait for <c>Retry-After</c> and resend the same body; on a network
/// failure wait a little and resend. Counts what it saw, so a test can report it.
/// </summary>
public sealed class Sender(HttpClient client, TimeSpan? maxWait = null)
{
    private int _unavailable;
    private int _otherFailures;

    /// <summary>503 answers received (each one resent).</summary>
    public int Unavailable => _unavailable;

    /// <summary>Answers that were neither 2xx nor 503 (any 5xx here is a bug).</summary>
    public int OtherFailures => _otherFailures;

    private ResiliencePipeline<HttpResponseMessage> Pipeline { get; } = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .HandleResult(response => response.StatusCode == HttpStatusCode.ServiceUnavailable)
                .Handle<HttpRequestException>(),
            MaxRetryAttempts = 1000,
            BackoffType = DelayBackoffType.Constant,
            Delay = TimeSpan.FromMilliseconds(500),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Outcome.Result?.Headers.RetryAfter?.Delta is { } after ? Min(after, maxWait ?? after) : null),
            OnRetry = args =>
            {
                args.Outcome.Result?.Dispose();
                return default;
            },
        })
        .Build();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Posts <paramref name="body"/> until it is answered with something other than 503.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, CancellationToken cancellationToken)
    {
        var response = await Pipeline.ExecuteAsync(async token =>
        {
            using var content = new StringContent(body, System.Text.Encoding.UTF8);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            var answer = await client.PostAsync(path, content, token);
            if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _unavailable);
            }

            return answer;
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref _otherFailures);
        }

        return response;
    }
}
