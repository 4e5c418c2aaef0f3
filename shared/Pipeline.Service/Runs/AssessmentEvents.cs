using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Assessment;
using Pipeline.Storage;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline.Runs;

/// <summary>
/// The <c>assessment.published</c> event (CONTRACT §5): with a Service Bus namespace configured, every published
/// assessment sends one message to the topic, <c>MessageId</c> = run id so duplicate detection drops a resend. A send
/// that fails is logged and kept in the <c>eventOutbox</c> table, and resent with the same id on the next timer tick;
/// it never fails the assessment. Without Service Bus settings nothing is sent.
/// </summary>
public sealed partial class AssessmentEvents(IServiceProvider services, RecordTables tables, ILogger<AssessmentEvents> logger)
{
    /// <summary>The message subject.</summary>
    public const string Subject = "assessment.published";

    private const string OutboxTable = "eventOutbox";

    private ServiceBusSender? Sender => services.GetService<ServiceBusSender>();

    /// <summary>The message for a published result.</summary>
    public static ServiceBusMessage MessageFor(AssessmentResult result) => Message(result.RunId, result.Period, result.Kind,
        JsonSerializer.Serialize(new
        {
            period = result.Period, kind = result.Kind, runId = result.RunId, generatedAt = result.GeneratedAt,
            reports = result.Reports, alerts = result.Alerts.Count,
        }, AssessmentStore.Json));

    /// <summary>
    /// Sends the event of a published result, or keeps it in the outbox when sending fails. Never throws. A provisional
    /// result is never announced (CONTRACT §4): nothing is sent or kept for it.
    /// </summary>
    public async Task PublishedAsync(AssessmentResult result, CancellationToken cancellationToken = default)
    {
        if (result.Provisional || Sender is not { } sender)
        {
            return;
        }

        var message = MessageFor(result);
        try
        {
            await sender.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
            LogSent(result.RunId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogKept(ex, result.RunId);
            try
            {
                var outbox = await tables.GetAsync(OutboxTable, cancellationToken).ConfigureAwait(false);
                await outbox.UpsertEntityAsync(new TableEntity(Subject, result.RunId)
                {
                    ["Period"] = result.Period, ["Kind"] = result.Kind, ["Body"] = message.Body.ToString(),
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception storeFailure) when (StorageFailure.Is(storeFailure))
            {
                LogLost(storeFailure, result.RunId);
            }
        }
    }

    /// <summary>Resends what the outbox holds, with the same message ids; returns how many went out.</summary>
    public async Task<int> FlushOutboxAsync(CancellationToken cancellationToken = default)
    {
        if (Sender is not { } sender)
        {
            return 0;
        }

        var outbox = await tables.GetAsync(OutboxTable, cancellationToken).ConfigureAwait(false);
        var sent = 0;
        await foreach (var entity in outbox.QueryAsync<TableEntity>(e => e.PartitionKey == Subject, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await sender.SendMessageAsync(Message(entity.RowKey, entity.GetString("Period"), entity.GetString("Kind"), entity.GetString("Body")), cancellationToken)
                    .ConfigureAwait(false);
                await outbox.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogKept(ex, entity.RowKey);
                break; // Service Bus is still failing: try again on the next tick.
            }
        }

        return sent;
    }

    private static ServiceBusMessage Message(string runId, string period, string kind, string body)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(body))
        {
            MessageId = runId,
            Subject = Subject,
            ContentType = "application/json",
        };
        message.ApplicationProperties["period"] = period;
        message.ApplicationProperties["kind"] = kind;
        return message;
    }

    [LoggerMessage(LogLevel.Information, "Sent assessment.published for run {RunId}")]
    private partial void LogSent(string runId);

    [LoggerMessage(LogLevel.Warning, "Could not send assessment.published for run {RunId}; kept in the outbox for the next tick")]
    private partial void LogKept(Exception exception, string runId);

    [LoggerMessage(LogLevel.Error, "Could not keep assessment.published for run {RunId} in the outbox either")]
    private partial void LogLost(Exception exception, string runId);
}
