using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Functions;
using TaskFunctions.OpenApi;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>The Functions app serves the core's OpenAPI document, which describes exactly its HTTP functions.</summary>
public sealed class ApiDocumentFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task OpenApiDocument_ServesTheCoresDocumentAsJson()
    {
        var functions = TestHost.Create<ApiDocumentFunctions>(_services);
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/openapi.json");

        await exchange.ExecuteAsync(await functions.OpenApiDocumentAsync(exchange.Request));

        Assert.Equal(200, exchange.StatusCode);
        Assert.StartsWith("application/json", exchange.ContentType, StringComparison.Ordinal);
        JsonElement document = exchange.Json();
        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            JsonSerializer.Serialize(JsonDocument.Parse(await new TaskApiDocument().GetJsonAsync()).RootElement),
            JsonSerializer.Serialize(document));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryHttpFunctionAtItsRouteAndMethodNamedAsTheFunction_AndNothingElse()
    {
        using JsonDocument document = JsonDocument.Parse(await _services.GetRequiredService<TaskApiDocument>().GetJsonAsync());
        HashSet<string> described = [];
        foreach (JsonProperty path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (JsonProperty operation in path.Value.EnumerateObject())
            {
                described.Add($"{operation.Name} {path.Name} {operation.Value.GetProperty("operationId").GetString()}");
            }
        }

        // The dashboard is a page over the API, not part of it.
        string[] functions = [.. HttpFunctions().Where(f => f.Name != FunctionNames.Dashboard).Select(f => $"{f.Method} /{f.Route} {f.Name}")];

        Assert.NotEmpty(functions);
        Assert.Equal(functions.Order(StringComparer.Ordinal), described.Order(StringComparer.Ordinal));
    }

    private static IEnumerable<(string Name, string Method, string Route)> HttpFunctions()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", "functions.metadata");
        using JsonDocument metadata = JsonDocument.Parse(File.ReadAllText(path));
        List<(string, string, string)> functions = [];
        foreach (JsonElement function in metadata.RootElement.EnumerateArray())
        {
            foreach (JsonElement binding in function.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger"))
            {
                functions.AddRange(binding.GetProperty("methods").EnumerateArray().Select(m =>
                    (function.GetProperty("name").GetString()!, m.GetString()!, binding.GetProperty("route").GetString()!)));
            }
        }

        return functions;
    }
}
