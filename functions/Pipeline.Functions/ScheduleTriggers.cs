using Microsoft.Azure.Functions.Worker;
using Pipeline.Runs;

namespace Pipeline.Functions;

/// <summary>
/// The monthly (and annual) assessment. The host's timer ticks in UTC on <c>Assessment:Tick</c> (hourly by default);
/// the pipeline evaluates <c>Assessment:Schedule</c> in the company time zone and runs each due occurrence once under
/// a lease (DESIGN §1: NCRONTAB in UTC cannot say "02:00 on the 1st in Shanghai").
/// </summary>
public sealed class ScheduleTriggers(ScheduledAssessments schedule, AssessmentEvents events)
{
    /// <summary>One tick: first resend events still in the outbox, then run what is due.</summary>
    [Function("MonthlyAssessment")]
    public async Task TickAsync(
        [TimerTrigger("%Assessment:Tick%")] TimerInfo timer, [DurableClient] Microsoft.DurableTask.Client.DurableTaskClient? durable,
        CancellationToken cancellationToken)
    {
        WorkerOrchestrations.Lend(durable); // a large period fans out on Durable Functions (Assessment:FanOut)
        await events.FlushOutboxAsync(cancellationToken);
        await schedule.TickAsync(cancellationToken);
    }
}
