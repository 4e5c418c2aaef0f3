using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Functions;
using Pipeline.Ingestion;
using Pipeline.Settings;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Records;

namespace Pipeline.Tests.Hosting;

/// <summary>The [Function] methods are plain methods: called with what the worker hands them, they do what the routes do.</summary>
public sealed class FunctionMethodTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_ingestion_function_stores_records_and_answers_like_the_route()
    {
        using var app = new PipelineFactory(azurite);
        var services = app.Services;
        var function = new RecordsFunctions(services.GetRequiredService<IngestionService>(), services.GetRequiredService<IOptions<IngestOptions>>(),
            services.GetRequiredService<Pipeline.Storage.StorageHealth>(), services.GetRequiredService<Pipeline.Storage.StoredRecords>());
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { Samples.Valid("surveys") })));
        context.Response.Body = new MemoryStream();

        var result = await function.IngestAsync(context.Request, "surveys", TestContext.Current.CancellationToken);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        var body = JsonDocument.Parse(context.Response.Body).RootElement;
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Single(await Tables.AllAsync(azurite, app.Prefix, "surveys"));
    }
}
