using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.OpenApi;

namespace TaskFunctions.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the API, served by both hosts at <c>GET /openapi.json</c>. It is generated once, on
/// first use, by Microsoft.AspNetCore.OpenApi from <see cref="TaskApiContract"/> (the routes' signatures, their answers
/// and XML comments, and the C# types of the bodies and answers, serialized as the API serializes them), inside the core,
/// so that the Functions app and the local host serve the same document.
/// </summary>
public sealed class TaskApiDocument
{
    private const string Name = "v1";

    private readonly Lazy<Task<string>> _json = new(BuildAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The document as JSON.</summary>
    /// <returns>The document.</returns>
    public Task<string> GetJsonAsync() => _json.Value;

    /// <summary><c>GET /openapi.json</c>: the document.</summary>
    /// <returns>The document as <c>application/json</c>.</returns>
    public async Task<IResult> ServeAsync() =>
        Results.Text(await GetJsonAsync().ConfigureAwait(false), "application/json; charset=utf-8");

    private static async Task<string> BuildAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRouting();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment
        {
            ApplicationName = "TaskFunctions",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
            ContentRootFileProvider = new NullFileProvider(),
        });

        // As the API writes its answers (nulls left out), numbers as numbers only.
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        services.AddSingleton<EndpointDataSource>(provider =>
        {
            var routes = new DescriptionRoutes(provider);
            TaskApiContract.Map(routes);
            return new CompositeEndpointDataSource(routes.DataSources);
        });
        services.AddOpenApi(Name, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddSchemaTransformer(OpenApiTransformers.RequireWhatIsAlwaysWrittenAsync);
            options.AddDocumentTransformer(OpenApiTransformers.DescribeDocumentAsync);
        });

        await using ServiceProvider provider = services.BuildServiceProvider();
        OpenApiDocument document = await provider.GetRequiredKeyedService<IOpenApiDocumentProvider>(Name).GetOpenApiDocumentAsync().ConfigureAwait(false);
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1).ConfigureAwait(false);
    }
}
