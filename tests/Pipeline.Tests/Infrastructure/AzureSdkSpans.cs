using System.Runtime.CompilerServices;
using Pipeline.Telemetry;

namespace Pipeline.Tests.Infrastructure;

/// <summary>
/// The Azure SDK reads its ActivitySource switch once per process, at its first client call. The apps switch it on as
/// they start (<see cref="TelemetryRegistration.AddPipelineTelemetry"/>), but in this process a test may call Azurite
/// through a client before any app has started, so the switch is set when the test assembly loads, as in the app.
/// </summary>
internal static class AzureSdkSpans
{
    [ModuleInitializer]
    internal static void SwitchOn() => AppContext.SetSwitch(TelemetryRegistration.AzureActivitySourceSwitch, true);
}
