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

    /// <summary>
    /// The same account with its table endpoint on a loopback port nothing listens on: table calls fail (after the
    /// SDK's own retries) while blobs and queues still work — storage down for a passing reason.
    /// </summary>
    public string WithTablesDown()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return string.Join(';', ConnectionString.Split(';').Select(part =>
            part.StartsWith("TableEndpoint=", StringComparison.Ordinal) ? $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1" : part));
    }

    /// <summary>A table prefix no other test uses.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc />
    public void Dispose() => _azurite.Dispose();
}
