using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Telemetry;

namespace Pipeline.Functions;

/// <summary>
/// The worker's telemetry: the pipeline's logs, spans and metrics (and the Functions invocation spans) to the
/// Application Insights the infra creates, with the app's managed identity (the resource refuses keys). host.json sets
/// <c>telemetryMode</c> to OpenTelemetry so the host's own spans join the same traces.
/// </summary>
public static class WorkerTelemetry
{
    /// <summary>The setting that names Application Insights (its ingestion endpoint; no key with local auth off).</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The setting that says how to authenticate: <c>ClientId={client id};Authorization=AAD</c>.</summary>
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Adds OpenTelemetry with the Azure Monitor exporter; nothing is exported when no connection string is set.</summary>
    public static void AddWorkerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddPipelineTelemetry("pipeline-functions").UseFunctionsWorkerDefaults();
        if (configuration[ConnectionStringSetting] is not { Length: > 0 } connectionString)
        {
            return;
        }

        telemetry.UseAzureMonitorExporter(options =>
        {
            options.ConnectionString = connectionString;
            // The exporter samples a few traces per second by default (whole traces, so a run is all there or not at
            // all); Telemetry:SamplingRatio (0–1) keeps that share of traces instead, 1 for all of them.
            if (configuration.GetValue<float?>("Telemetry:SamplingRatio") is { } ratio)
            {
                options.SamplingRatio = ratio;
                options.TracesPerSecond = null;
            }

            if (Credential(configuration[AuthenticationSetting]) is { } credential)
            {
                options.Credential = credential;
            }
        });
    }

    /// <summary>The credential the authentication string asks for: the user-assigned identity, or the system one with no client id.</summary>
    public static ManagedIdentityCredential? Credential(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
