using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using TaskFunctions.Http;
using TaskFunctions.OpenApi;

namespace TaskFunctions.Core.Tests.OpenApi;

/// <summary>
/// The generated document is a valid OpenAPI 3.1 document (read back and validated with Microsoft.OpenApi's rules), and
/// says for every route what the API does: a named, summarized operation, problem details for every refusal, and the
/// answers' properties required exactly when the API always writes them.
/// </summary>
public sealed class TaskApiDocumentTests
{
    private static readonly Lazy<Task<string>> Json = new(() => new TaskApiDocument().GetJsonAsync());

    [Fact]
    public async Task Document_ReadsBackAsOpenApi31WithoutErrors_AndPassesTheDefaultValidationRules()
    {
        ReadResult read = OpenApiDocument.Parse(await Json.Value, "json");

        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Empty(read.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public async Task Document_IsBuiltOnceAndTheSameForEveryHost()
    {
        var document = new TaskApiDocument();

        string first = await document.GetJsonAsync();

        Assert.Same(first, await document.GetJsonAsync());
        Assert.Equal(first, await new TaskApiDocument().GetJsonAsync());
    }

    [Fact]
    public async Task Operations_AreTheApisRoutes_EachNamedAndSummarized()
    {
        using JsonDocument document = JsonDocument.Parse(await Json.Value);

        string[] operations =
        [
            .. document.RootElement.GetProperty("paths").EnumerateObject()
                .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name} {o.Value.GetProperty("operationId").GetString()}")),
        ];

        Assert.Equal(
            new[]
            {
                $"GET /{TaskApiRoutes.Tasks} ListTasks",
                $"POST /{TaskApiRoutes.ExecuteManual} ExecuteManual",
                $"POST /{TaskApiRoutes.ExecuteApi} ExecuteApi",
                $"GET /{TaskApiRoutes.Execution} GetExecution",
                $"GET /{TaskApiRoutes.ExecutionEvents} ExecutionEvents",
                $"GET /{TaskApiRoutes.TaskExecutions} ListTaskExecutions",
                $"DELETE /{TaskApiRoutes.CancelByIds} CancelByIds",
                $"DELETE /{TaskApiRoutes.CancelByTaskNames} CancelByTaskNames",
                $"DELETE /{TaskApiRoutes.CancelAll} CancelAll",
                $"POST /{TaskApiRoutes.Replay} ReplayExecution",
                $"DELETE /{TaskApiRoutes.Purge} PurgeExecutions",
                $"GET /{TaskApiRoutes.OpenApiDocument} OpenApiDocument",
            }.Order(StringComparer.Ordinal),
            operations.Order(StringComparer.Ordinal));
        Assert.All(Operations(document), o => Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("summary").GetString())));
    }

    [Fact]
    public async Task Refusals_AreProblemDetailsWithADescription_AndEveryOperationCanAnswer401()
    {
        using JsonDocument document = JsonDocument.Parse(await Json.Value);

        foreach (JsonElement operation in Operations(document))
        {
            JsonElement responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _), operation.GetProperty("operationId").GetString());
            foreach (JsonProperty response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                string what = $"{operation.GetProperty("operationId").GetString()} {response.Name}";
                Assert.True(response.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), what);
                Assert.True(response.Value.GetProperty("description").GetString()!.Length > 20, what);
            }
        }

        JsonElement problem = Schema(document, "ProblemDetails");
        Assert.Equal(["title", "status", "detail"], problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Schemas_RequireExactlyWhatTheApiAlwaysWrites()
    {
        using JsonDocument document = JsonDocument.Parse(await Json.Value);

        Assert.Equal(
            ["executionId", "taskName", "trigger", "status", "startedAt", "logs", "logCount"],
            Required(document, "ExecutionView"));
        Assert.Equal(["timestamp", "level", "message"], Required(document, "LogEntry"));
        Assert.Equal(["name", "timeoutMs"], Required(document, "TaskInfo"));
        Assert.Equal(["status"], Required(document, "ExecutionStatusChanged"));
        Assert.Equal(["running", "completed", "failed", "cancelled"], Schema(document, "ExecutionStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("date-time", Schema(document, "ExecutionView").GetProperty("properties").GetProperty("startedAt").GetProperty("format").GetString());
    }

    [Fact]
    public async Task EventStream_NamesTheSchemaOfEachEvent()
    {
        using JsonDocument document = JsonDocument.Parse(await Json.Value);

        JsonElement ok = document.RootElement.GetProperty("paths").GetProperty("/" + TaskApiRoutes.ExecutionEvents).GetProperty("get").GetProperty("responses").GetProperty("200");

        Assert.True(ok.GetProperty("content").TryGetProperty("text/event-stream", out _));
        Assert.Equal(
            ["execution #/components/schemas/ExecutionView", "log #/components/schemas/LogEntry", "status #/components/schemas/ExecutionStatusChanged"],
            ok.GetProperty("x-events").EnumerateObject().Select(e => $"{e.Name} {e.Value.GetProperty("$ref").GetString()}"));
    }

    private static IEnumerable<JsonElement> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => o.Value));

    private static JsonElement Schema(JsonDocument document, string name) =>
        document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

    private static string[] Required(JsonDocument document, string name) =>
        [.. Schema(document, name).GetProperty("required").EnumerateArray().Select(r => r.GetString()!)];
}
