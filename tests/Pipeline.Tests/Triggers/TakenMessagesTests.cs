using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;
using Pipeline.Standalone;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Triggers;

/// <summary>
/// The queue messages a stopping job host had taken are released at once (<see cref="TakenMessages"/>), not hidden for
/// the WebJobs listener's ten minutes. The listener receives with a visibility of ten minutes, as here.
/// </summary>
public sealed class TakenMessagesTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan ListenerVisibility = TimeSpan.FromMinutes(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(QueueClient Plain, QueueClient Watched)> QueueAsync(TakenMessages taken, HttpPipelineTransport? transport = null)
    {
        var name = AzuriteFixture.NewPrefix() + "ingest";
        var plain = new QueueClient(azurite.ConnectionString, name);
        await plain.CreateAsync(cancellationToken: Token);
        var options = new QueueClientOptions();
        options.AddPolicy(taken, HttpPipelinePosition.PerCall);
        if (transport is not null)
        {
            options.Transport = transport;
        }

        return (plain, new QueueClient(azurite.ConnectionString, name, options));
    }

    [Fact]
    public async Task A_message_taken_and_never_finished_is_visible_again_as_soon_as_it_is_released()
    {
        var taken = new TakenMessages();
        var (plain, watched) = await QueueAsync(taken);
        await plain.SendMessageAsync("one", Token);

        var message = Assert.Single((await watched.ReceiveMessagesAsync(1, ListenerVisibility, Token)).Value);
        Assert.Empty((await plain.ReceiveMessagesAsync(1, cancellationToken: Token)).Value); // hidden for ten minutes
        Assert.Equal([(plain.Name, message.MessageId)], taken.Pending);

        Assert.Equal(1, await taken.ReleaseAsync(new QueueServiceClient(azurite.ConnectionString), Token));
        var back = Assert.Single((await plain.ReceiveMessagesAsync(1, cancellationToken: Token)).Value);
        Assert.Equal(message.MessageId, back.MessageId);
        Assert.Empty(taken.Pending);
    }

    [Fact]
    public async Task Messages_deleted_or_handed_back_are_not_pending_and_a_renewed_receipt_is_kept()
    {
        var taken = new TakenMessages();
        var (plain, watched) = await QueueAsync(taken);
        foreach (var text in new[] { "deleted", "handed back", "renewed" })
        {
            await plain.SendMessageAsync(text, Token);
        }

        var messages = (await watched.ReceiveMessagesAsync(3, ListenerVisibility, Token)).Value.ToDictionary(m => m.Body.ToString());
        Assert.Equal(3, taken.Pending.Count);
        await watched.DeleteMessageAsync(messages["deleted"].MessageId, messages["deleted"].PopReceipt, Token);
        await watched.UpdateMessageAsync(messages["handed back"].MessageId, messages["handed back"].PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: Token);
        await watched.UpdateMessageAsync(messages["renewed"].MessageId, messages["renewed"].PopReceipt, visibilityTimeout: ListenerVisibility, cancellationToken: Token);
        Assert.Equal([(plain.Name, messages["renewed"].MessageId)], taken.Pending);

        // Released with the renewed pop receipt (the first one no longer matches).
        Assert.Equal(1, await taken.ReleaseAsync(new QueueServiceClient(azurite.ConnectionString), Token));
        var back = (await plain.ReceiveMessagesAsync(3, cancellationToken: Token)).Value;
        Assert.Equal(["handed back", "renewed"], back.Select(m => m.Body.ToString()).Order());
    }

    // The listener cancels its receive when its job host stops. A receive whose answer was on its way (storage had
    // hidden the message) used to end in a cancellation, the message hidden for ten minutes and known to no one.
    [Fact]
    public async Task A_receive_cancelled_while_its_answer_is_on_the_way_still_records_its_messages()
    {
        var taken = new TakenMessages();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var (plain, watched) = await QueueAsync(taken, new CancelledOnTheWay(stopping));
        await plain.SendMessageAsync("in flight", Token);

        try
        {
            await watched.ReceiveMessagesAsync(1, ListenerVisibility, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // The listener's receive may end cancelled; what matters is that the message is known.
        }

        Assert.True(stopping.IsCancellationRequested);
        Assert.Empty((await plain.ReceiveMessagesAsync(1, cancellationToken: Token)).Value); // storage hid it
        Assert.Single(taken.Pending);
        Assert.Equal(1, await taken.ReleaseAsync(new QueueServiceClient(azurite.ConnectionString), Token));
        Assert.Equal("in flight", Assert.Single((await plain.ReceiveMessagesAsync(1, cancellationToken: Token)).Value).Body.ToString());
    }

    /// <summary>
    /// Sends every request; after a receive reached storage the caller stops (<paramref name="stopping"/> is cancelled),
    /// and a request that carries the caller's token ends as cancelled before its answer is read.
    /// </summary>
    private sealed class CancelledOnTheWay(CancellationTokenSource stopping) : HttpPipelineTransport
    {
        private readonly HttpClientTransport _inner = new();

        public override Request CreateRequest() => _inner.CreateRequest();

        public override void Process(HttpMessage message) => ProcessAsync(message).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message)
        {
            await _inner.ProcessAsync(message);
            if (message.Request.Method == RequestMethod.Get)
            {
                await stopping.CancelAsync();
                message.CancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
