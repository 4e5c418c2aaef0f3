using Pipeline;
using Pipeline.Api;
using Pipeline.Settings;
using Pipeline.Standalone;
using Pipeline.Storage;

var builder = WebApplication.CreateBuilder(args);

EmbeddedAzurite? azurite = null;
if (!StorageAccount.IsConfigured(builder.Configuration))
{
    try
    {
        azurite = EmbeddedAzurite.Start(
            builder.Configuration["Azurite:Location"] ?? EmbeddedStorage.DefaultLocation(builder.Environment.ContentRootPath),
            [builder.Environment.ContentRootPath, AppContext.BaseDirectory]);
    }
    catch (EmbeddedAzurite.StartException ex)
    {
        Console.Error.WriteLine($"Cannot start the embedded storage emulator: {ex.Message}");
        return 1;
    }

    builder.Configuration.AddInMemoryCollection([new(StorageAccount.SettingName, azurite.ConnectionString)]);
    AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Dispose();
    builder.Services.AddSingleton(azurite);
    builder.Services.AddHostedService(sp => new EmbeddedAzuriteLifetime(
        azurite, sp.GetRequiredService<StorageHealth>(), sp.GetRequiredService<ILogger<EmbeddedAzuriteLifetime>>()));
}

var maxBody = builder.Configuration.GetValue(IngestOptions.Section + ":" + nameof(IngestOptions.MaxBodyBytes), IngestOptions.DefaultMaxBodyBytes);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBody + 1);
builder.Services.AddPipeline(builder.Configuration, new HostingInfo("standalone", azurite is not null));

// ASP.NET Core's request lines carry the query string, and so a portal key sent as ?code=: never log them.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.AddStandaloneTriggers();
builder.AddStandaloneTelemetry();
builder.Services.AddProblemDetails();
if (builder.Configuration.GetValue("OpenApi:Live", false))
{
    // Regenerates the checked-in document served at /api/openapi.json (see OpenApiTests).
    builder.Services.AddOpenApi(Pipeline.Standalone.OpenApiDescription.Configure);
}

var app = builder.Build();
if (azurite is not null)
{
    app.Logger.LogInformation("Started the embedded Azurite (data in {Location}); tables at {TableEndpoint}",
        azurite.Location, $"http://127.0.0.1:{azurite.TablePort}");
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapPipelineApi();
if (app.Configuration.GetValue("OpenApi:Live", false))
{
    app.MapOpenApi("/live/openapi.json");
}
await app.RunAsync();
return 0;

/// <summary>The standalone web app's entry point (named so tests can host it).</summary>
public partial class Program;
