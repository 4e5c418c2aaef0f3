using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Pipeline.Tests.Infrastructure;

/// <summary>The standalone app over the shared Azurite, with tables of its own.</summary>
public sealed class PipelineFactory(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>This app's table prefix.</summary>
    public string Prefix { get; } = AzuriteFixture.NewPrefix();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("AzureWebJobsStorage", azurite.ConnectionString);
        builder.UseSetting("Storage:Prefix", Prefix);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
