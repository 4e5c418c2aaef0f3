using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Api;
using Pipeline.Assessment;
using Pipeline.Ingestion;
using Pipeline.Records;
using Pipeline.Settings;
using Pipeline.Storage;
using Pipeline.Time;
using Pipeline.Runs;
using Pipeline.Runs.Publication;
using Pipeline.Kpis;
using Pipeline.Kpis.Families;

namespace Pipeline;

/// <summary>Registers the pipeline's services; both hostings call this.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds settings, storage, validation and ingestion.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration, HostingInfo hosting)
    {
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.Section))
            .Validate(o => TryZone(o.TimeZone), "Pipeline:TimeZone must be an IANA time zone id such as Asia/Shanghai")
            .ValidateOnStart();
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0, "Ingest:MaxBodyBytes must be positive")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => o.Prefix.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)), "Storage:Prefix may hold only lower-case letters and digits")
            .ValidateOnStart();

        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section))
            .Validate(o => o.Culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || o.Culture.StartsWith("en", StringComparison.OrdinalIgnoreCase),
                "Reports:Culture must be zh-CN or en")
            .ValidateOnStart();
        services.AddSingleton(hosting);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CompanyTimeZone(sp.GetRequiredService<IOptions<PipelineOptions>>().Value.TimeZone));
        services.AddSingleton(sp => StorageAccount.FromConfiguration(configuration, sp.GetService<ILoggerFactory>()?.CreateLogger<StorageAccount>()));
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<StorageProbe>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageProbe>());
        services.AddSingleton<RecordTables>();
        services.AddSingleton<RecordStore>();
        services.AddSingleton<StoredRecords>();
        services.AddSingleton<RecordValidator>();
        services.AddSingleton<IngestionService>();
        var assessmentSettings = AssessmentSettingsReader.Read(configuration);
        services.AddSingleton(assessmentSettings);
        services.AddSingleton(sp => new AssessmentSchedule(
            configuration[AssessmentSchedule.SettingName] ?? AssessmentSchedule.DefaultExpression,
            sp.GetRequiredService<CompanyTimeZone>(), assessmentSettings.GraceDays));
        services.AddSingleton<ScheduledAssessments>();
        services.AddSingleton<AssessmentEvents>();
        AddServiceBus(services, configuration);
        services.AddSingleton<RecordReader>();
        services.AddSingleton<IRecordSource>(sp => sp.GetRequiredService<RecordReader>());
        services.AddSingleton<AssessmentStore>();
        services.AddSingleton<RunPlanner>();
        services.AddSingleton<PartitionFold>();
        services.AddSingleton<InProcessFolds>();
        services.AddSingleton<DurableFolds>();
        services.AddSingleton<AssessmentPipeline>();
        services.AddSingleton<DurableRuns>();
        services.AddSingleton<IPublicationSink, ReportBlobsSink>();
        services.AddSingleton<IPublicationSink, DurablePartsSink>();
        services.AddSingleton<IPublicationSink, RunRecordSink>();
        services.AddSingleton<IPublicationSink, AssessmentEventSink>();
        services.AddSingleton<QueueIngestion>();
        services.AddSingleton<BlobIngestion>();
        services.AddSingleton<IncomingSweep>();
        services.AddSingleton<PoisonReplay>();
        services.AddSingleton<AssessmentProgressBoard>();
        return services;
    }

    // CONTRACT §5: identity-based (ServiceBus:FullyQualifiedNamespace) or a connection string; nothing when neither is set.
    private static void AddServiceBus(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("ServiceBus");
        var topic = section["Topic"] ?? "assessments";
        if (section["ConnectionString"] is { Length: > 0 } connectionString)
        {
            services.AddSingleton(_ => new Azure.Messaging.ServiceBus.ServiceBusClient(connectionString));
        }
        else if (section["FullyQualifiedNamespace"] is { Length: > 0 } fullyQualifiedNamespace)
        {
            services.AddSingleton(_ => new Azure.Messaging.ServiceBus.ServiceBusClient(fullyQualifiedNamespace,
                new Azure.Identity.DefaultAzureCredential(new Azure.Identity.DefaultAzureCredentialOptions { ManagedIdentityClientId = section["ClientId"] })));
        }
        else
        {
            return;
        }

        services.AddSingleton(sp => sp.GetRequiredService<Azure.Messaging.ServiceBus.ServiceBusClient>().CreateSender(topic));
    }

    private static bool TryZone(string id)
    {
        try
        {
            _ = new CompanyTimeZone(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return false;
        }
    }
}
