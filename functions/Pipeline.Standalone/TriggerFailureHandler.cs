using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host.Timers;

namespace Pipeline.Standalone;

/// <summary>
/// Replaces the WebJobs SDK's default handler of listener failures, which rethrows on a background thread and so ends
/// the process (azure-webjobs-sdk issues 2719, 3119): a failed listener (queue poll, blob scan, lock renewal) is
/// reported to the <see cref="TriggerHost"/>, which restarts the job host once storage answers again.
/// </summary>
internal sealed class TriggerFailureHandler(Action<Exception> failed) : IWebJobsExceptionHandler
{
    public void Initialize(JobHost host)
    {
    }

    public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod)
    {
        failed(exceptionInfo.SourceException);
        return Task.CompletedTask;
    }

    public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
    {
        failed(exceptionInfo.SourceException);
        return Task.CompletedTask;
    }
}
