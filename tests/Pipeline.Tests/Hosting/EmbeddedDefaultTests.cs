using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Pipeline.Standalone;

namespace Pipeline.Tests.Hosting;

/// <summary>With no storage setting, the standalone app starts its own Azurite and stops it with itself.</summary>
public sealed class EmbeddedDefaultTests
{
    private sealed class UnconfiguredApp(string location) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("Azurite:Location", location);
    }

    [Fact]
    public async Task Without_storage_settings_the_app_starts_azurite_and_reports_its_endpoints()
    {
        Assert.Null(Environment.GetEnvironmentVariable("AzureWebJobsStorage"));
        var location = Directory.CreateTempSubdirectory("azurite-").FullName;
        EmbeddedAzurite azurite;
        using (var app = new UnconfiguredApp(location))
        {
            azurite = (EmbeddedAzurite)app.Services.GetService(typeof(EmbeddedAzurite))!;
            using var client = app.CreateClient();
            var health = await client.GetFromJsonAsync<JsonObject>("/api/health", TestContext.Current.CancellationToken);
            Assert.True((bool)health!["embeddedStorage"]!);
            var table = new Uri((string)health["storage"]!["table"]!);
            Assert.Equal("127.0.0.1", table.Host);
            Assert.Equal(azurite.TablePort, table.Port);
            Assert.False(azurite.HasExited);

            using var post = await client.PostAsync("/api/records/employees",
                new StringContent("""{"id":"E1","name":"Wang","department":"sales"}""", System.Text.Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.NotEmpty(Directory.EnumerateFileSystemEntries(location));
        }

        // Stopped with the app.
        Assert.True(azurite.HasExited);
        Directory.Delete(location, recursive: true);
    }

    [Fact]
    public void When_azurite_is_not_installed_the_message_names_the_install_command()
    {
        var empty = Directory.CreateTempSubdirectory("no-azurite-").FullName;
        var error = Assert.Throws<EmbeddedAzurite.StartException>(() => EmbeddedAzurite.Start(null, [empty]));
        Assert.Contains("npm ci", error.Message);
        Directory.Delete(empty);
    }
}
