using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using TaskFunctions.Functions;

namespace TaskFunctions.Tests;

/// <summary>
/// The Functions host never runs on the build machines, so the generated functions.metadata (what the host reads
/// to wire triggers and bindings) is checked against the HTTP and orchestration contract here.
/// </summary>
public sealed partial class FunctionsMetadataTests
{
    private sealed record HttpContract(string Method, string Route, bool UsesDurableClient);

    private static readonly Dictionary<string, HttpContract> HttpFunctions = new(StringComparer.Ordinal)
    {
        ["ListTasks"] = new("get", "tasks", UsesDurableClient: false),
        ["ExecuteManual"] = new("post", "tasks/{taskName}/execute/manual", UsesDurableClient: true),
        ["ExecuteApi"] = new("post", "tasks/{taskName}/execute/api", UsesDurableClient: true),
        ["GetExecution"] = new("get", "tasks/running/execution/{executionId}", UsesDurableClient: true),
        ["ExecutionEvents"] = new("get", "tasks/running/execution/{executionId}/events", UsesDurableClient: true),
        ["ListTaskExecutions"] = new("get", "tasks/running/{taskName}", UsesDurableClient: true),
        ["CancelByIds"] = new("delete", "tasks/executions/cancel/by-ids", UsesDurableClient: true),
        ["CancelByTaskNames"] = new("delete", "tasks/executions/cancel/by-task-names", UsesDurableClient: true),
        ["CancelAll"] = new("delete", "tasks/executions/cancel/all", UsesDurableClient: true),
        ["OpenApiDocument"] = new("get", "openapi.json", UsesDurableClient: false),
        ["ReplayExecution"] = new("post", "tasks/running/execution/{executionId}/replay", UsesDurableClient: true),
        ["PurgeExecutions"] = new("delete", "tasks/executions/purge", UsesDurableClient: true),
    };

    private const string DashboardFunction = "Dashboard";

    private static readonly string[] Orchestrators = ["TaskExecution", "ExecutionLogArchive", "TaskConcurrencySlot", "TaskQueue", "TaskIdempotencyKey"];

    private const string Activity = "RunTaskAttempt";

    private const string ArchiveActivity = "ArchiveExecutionLog";

    private const string RetentionTimer = "PurgeExpiredExecutions";

    private const string ScheduleTimer = "RunSchedules";

    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> Functions = new(Load);

    [Fact]
    public void Metadata_ListsExactlyTheContractFunctions()
    {
        string[] expected = [.. HttpFunctions.Keys, DashboardFunction, .. Orchestrators, Activity, ArchiveActivity, RetentionTimer, ScheduleTimer];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Functions.Value.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Metadata_EveryFunction_RunsInTheIsolatedWorkerAssembly()
    {
        foreach ((string name, JsonElement function) in Functions.Value)
        {
            Assert.True("TaskFunctions.dll" == function.GetProperty("scriptFile").GetString(), name);
            Assert.True("dotnet-isolated" == function.GetProperty("language").GetString(), name);
        }
    }

    [Fact]
    public void HttpFunctions_HaveTheContractRouteMethodAndAuthLevel()
    {
        foreach ((string name, HttpContract contract) in HttpFunctions)
        {
            JsonElement trigger = Assert.Single(Bindings(name), b => b.GetProperty("type").GetString() == "httpTrigger");
            Assert.Equal("In", trigger.GetProperty("direction").GetString());
            Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
            Assert.Equal(contract.Route, trigger.GetProperty("route").GetString());
            Assert.Equal([contract.Method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        }
    }

    [Fact]
    public void HttpRoutes_HaveNoPrefixAndAreUniquePerMethod()
    {
        List<string> routes = [];
        foreach (string name in HttpFunctions.Keys)
        {
            JsonElement trigger = Bindings(name).Single(b => b.GetProperty("type").GetString() == "httpTrigger");
            string route = trigger.GetProperty("route").GetString()!;
            Assert.False(route.StartsWith('/'), route);
            Assert.False(route.StartsWith("api/", StringComparison.OrdinalIgnoreCase), route);
            routes.AddRange(trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString() + " " + route));
        }

        Assert.Equal(routes.Count, routes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void HttpFunctions_HaveExactlyTheExpectedBindings()
    {
        foreach ((string name, HttpContract contract) in HttpFunctions)
        {
            string[] expected = contract.UsesDurableClient
                ? ["In httpTrigger request", "In durableClient client", "Out http $return"]
                : ["In httpTrigger request", "Out http $return"];
            Assert.Equal(expected.Order(StringComparer.Ordinal), Describe(name).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void RouteParameters_BindToStringParametersOfTheEntryPoint()
    {
        foreach ((string name, HttpContract contract) in HttpFunctions)
        {
            MethodInfo method = EntryPoint(name);
            string[] routeParameters = [.. RouteParameter().Matches(contract.Route).Select(m => m.Groups[1].Value)];
            foreach (string parameter in routeParameters)
            {
                ParameterInfo? match = method.GetParameters().SingleOrDefault(p => p.Name == parameter);
                Assert.True(match is not null, $"{name}: the route parameter '{parameter}' has no method parameter.");
                Assert.Equal(typeof(string), match.ParameterType);
            }

            int plain = method.GetParameters().Count(p => p.GetCustomAttributes().All(a => a.GetType().Namespace?.StartsWith("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal) != true));
            Assert.True(routeParameters.Length == plain, $"{name}: expected only route parameters besides bindings.");
        }
    }

    [Fact]
    public void DashboardFunction_IsAnonymousGetOfEveryPathBelowDashboard()
    {
        // The page's files hold no data: the page asks for a function key and sends it on every API call.
        JsonElement trigger = Assert.Single(Bindings(DashboardFunction), b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("dashboard/{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(new[] { "In httpTrigger request", "Out http $return" }.Order(StringComparer.Ordinal), Describe(DashboardFunction).Order(StringComparer.Ordinal));
        Assert.Equal(typeof(string), EntryPoint(DashboardFunction).GetParameters().Single(p => p.Name == "path").ParameterType);
    }

    [Fact]
    public void Orchestrators_HaveOneOrchestrationTriggerNamedContext()
    {
        foreach (string name in Orchestrators)
        {
            Assert.Equal(["In orchestrationTrigger context"], Describe(name));
        }
    }

    [Fact]
    public void AttemptActivity_HasAnActivityTriggerAndADurableClient()
    {
        Assert.Equal(
            new[] { "In activityTrigger request", "In durableClient client" }.Order(StringComparer.Ordinal),
            Describe(Activity).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ArchiveActivity_HasAnActivityTriggerAndADurableClient()
    {
        Assert.Equal(
            new[] { "In activityTrigger chunk", "In durableClient client" }.Order(StringComparer.Ordinal),
            Describe(ArchiveActivity).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RetentionTimer_HasATimerTriggerOnTheScheduleSettingAndADurableClient()
    {
        Assert.Equal(
            new[] { "In timerTrigger timer", "In durableClient client" }.Order(StringComparer.Ordinal),
            Describe(RetentionTimer).Order(StringComparer.Ordinal));
        JsonElement trigger = Bindings(RetentionTimer).Single(b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%TaskFunctions:Retention:Schedule%", trigger.GetProperty("schedule").GetString());
        Assert.Equal(RetentionFunctions.ScheduleSetting, trigger.GetProperty("schedule").GetString()!.Trim('%'));
    }

    [Fact]
    public void ScheduleTimer_RunsEveryMinuteWithADurableClientAndNoMonitor()
    {
        Assert.Equal(
            new[] { "In timerTrigger timer", "In durableClient client" }.Order(StringComparer.Ordinal),
            Describe(ScheduleTimer).Order(StringComparer.Ordinal));
        JsonElement trigger = Bindings(ScheduleTimer).Single(b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("0 */1 * * * *", trigger.GetProperty("schedule").GetString());

        // The runner catches up missed occurrences itself: the host keeps no schedule status for this timer.
        Assert.False(trigger.GetProperty("useMonitor").GetBoolean());
    }

    [Fact]
    public void EntryPoints_AreTheFunctionMethodsWithTheSameName()
    {
        foreach (string name in Functions.Value.Keys)
        {
            FunctionAttribute attribute = EntryPoint(name).GetCustomAttribute<FunctionAttribute>()!;
            Assert.Equal(name, attribute.Name);
        }
    }

    private static IReadOnlyDictionary<string, JsonElement> Load()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "FunctionsApp", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the test project copies it from the Functions app's build output.");
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        Dictionary<string, JsonElement> functions = new(StringComparer.Ordinal);
        foreach (JsonElement function in document.RootElement.EnumerateArray())
        {
            Assert.True(functions.TryAdd(function.GetProperty("name").GetString()!, function.Clone()), "duplicate function name");
        }

        return functions;
    }

    private static JsonElement[] Bindings(string name) => [.. Functions.Value[name].GetProperty("bindings").EnumerateArray()];

    private static string[] Describe(string name) =>
        [.. Bindings(name).Select(b => $"{b.GetProperty("direction").GetString()} {b.GetProperty("type").GetString()} {b.GetProperty("name").GetString()}")];

    private static MethodInfo EntryPoint(string name)
    {
        string entryPoint = Functions.Value[name].GetProperty("entryPoint").GetString()!;
        int dot = entryPoint.LastIndexOf('.');
        Type? type = typeof(FunctionNames).Assembly.GetType(entryPoint[..dot]);
        Assert.True(type is not null, $"{name}: no type for entry point {entryPoint}.");
        MethodInfo? method = type.GetMethod(entryPoint[(dot + 1)..]);
        Assert.True(method is not null, $"{name}: no method for entry point {entryPoint}.");
        return method;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex RouteParameter();
}
