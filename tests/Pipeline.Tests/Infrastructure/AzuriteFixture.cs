using Pipeline.Standalone;
using Pipeline.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]

namespace Pipeline.Tests.Infrastructure;

/// <summary>One real Azurite for the whole test run, on free ports, with in-memory persistence.</summary>
public sealed class AzuriteFixture : IDisposable
{
    private readonly EmbeddedAzurite _azurite = EmbeddedAzurite.Start(location: null, searchFrom: [AppContext.BaseDirectory]);

    /// <summary>A connection string with explicit endpoints.</summary>
    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>A table prefix no other test uses.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc />
    public void Dispose() => _azurite.Dispose();
}
