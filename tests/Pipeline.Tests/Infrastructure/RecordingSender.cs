using Azure.Messaging.ServiceBus;

namespace Pipeline.Tests.Infrastructure;

/// <summary>
/// A Service Bus sender that keeps what it is given, derived from the SDK's own (its protected constructor exists for
/// this): there is no Service Bus emulator here. <see cref="Failing"/> makes every send fail as an unreachable namespace does.
/// </summary>
public sealed class RecordingSender : ServiceBusSender
{
    /// <summary>The messages sent, in order.</summary>
    public List<ServiceBusMessage> Sent { get; } = [];

    /// <summary>Every send tried, failed ones included.</summary>
    public int Attempts { get; private set; }

    /// <summary>Whether sends fail.</summary>
    public bool Failing { get; set; }

    /// <inheritdoc />
    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        Attempts++;
        if (Failing)
        {
            throw new ServiceBusException("namespace unreachable", ServiceBusFailureReason.ServiceCommunicationProblem);
        }

        Sent.Add(message);
        return Task.CompletedTask;
    }
}
