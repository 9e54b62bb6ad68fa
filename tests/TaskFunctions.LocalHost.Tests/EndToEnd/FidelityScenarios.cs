using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.LocalHost.Tests.Infrastructure;

namespace TaskFunctions.LocalHost.Tests.EndToEnd;

/// <summary>
/// What a client written from the specification relies on: the whole log while an execution runs (with sequence
/// numbers and <c>?after=</c>), a decided outcome that cancels do not change, and continuation tokens that are
/// checked. Each backend runs them through a subclass.
/// </summary>
public abstract class FidelityScenarios(LocalHostFixture host) : HostScenarios(host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly IOrchestrationServiceClient _engine = host.Services.GetRequiredService<IOrchestrationServiceClient>();

    [Fact]
    public async Task GetExecution_ALogLongerThanTheCustomStatus_IsServedWholeWhileRunningAndFromAfter()
    {
        // 300 entries (about 22,000 characters of JSON, three times what the custom status keeps), then a long hold.
        string id = await Http.StartAsync(TestTasks.Writer, new { entries = 300, holdMs = 60_000 });

        // A read in the moment an archive chunk is being stored stops before it (the next read has it): wait for a
        // read that serves every entry the log has.
        JsonNode running = await Eventually.UntilAsync(
            () => Http.GetExecutionAsync(id),
            e => e["logCount"]!.GetValue<int>() >= 301 && e["logs"]!.AsArray().Count == e["logCount"]!.GetValue<int>(),
            Patience,
            $"execution {id} never showed its 300 entries while running");

        Assert.Equal("running", ApiClient.Status(running));
        JsonArray logs = running["logs"]!.AsArray();
        int count = running["logCount"]!.GetValue<int>();
        Assert.Equal(count, logs.Count);
        Assert.Equal(Enumerable.Range(1, count), logs.Select(e => e!["seq"]!.GetValue<int>()));
        Assert.StartsWith("开始执行任务", ApiClient.Messages(running)[0], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"written {i}"), ApiClient.Messages(running).Skip(1).Take(300));

        (HttpResponseMessage response, JsonNode? newest) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/execution/{id}?after={count - 3}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([count - 2, count - 1, count], newest!["logs"]!.AsArray().Select(e => e!["seq"]!.GetValue<int>()));
        Assert.Equal(["written 297", "written 298", "written 299"], ApiClient.Messages(newest));

        // From an archived entry on: the archive is read, and what follows is contiguous (all of it, once stored).
        JsonNode fromArchive = await Eventually.UntilAsync(
            async () => (await Http.SendAsync(HttpMethod.Get, $"/tasks/running/execution/{id}?after=2")).Body!,
            e => e["logs"]!.AsArray().Count == e["logCount"]!.GetValue<int>() - 2,
            Patience,
            $"execution {id} never served its log from seq 3 on");
        Assert.Equal(Enumerable.Range(3, fromArchive["logCount"]!.GetValue<int>() - 2), fromArchive["logs"]!.AsArray().Select(e => e!["seq"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Cancel_ATimedOutExecutionStillWaitingForItsHandler_KeepsItsFailedOutcome()
    {
        // The handler ignores its token: at its 1 s deadline the execution reads failed while its instance waits
        // for the entries the handler may still write.
        string id = await Http.StartAsync(TestTasks.Stubborn, new { sleepMs = 30_000 });
        await Eventually.UntilAsync(() => Http.GetExecutionAsync(id), e => ApiClient.Status(e) == "failed", Patience, $"execution {id} never failed");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Durable.GetInstanceAsync(id).WaitAsync(TimeSpan.FromSeconds(10)))!.RuntimeStatus);

        // The specification's example, with this execution as its first id.
        (HttpResponseMessage response, JsonNode? byIds) = await Http.SendAsync(
            HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{id}}", "id2", "id3"] }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(byIds!["cancelled"]!.AsArray());
        Assert.Equal(["id2", "id3"], byIds["notFound"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([id], byIds["notRunning"]!.AsArray().Select(n => n!.GetValue<string>()));

        (_, JsonNode? byName) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-task-names", $$"""{ "taskNames": ["{{TestTasks.Stubborn}}"] }""");
        Assert.DoesNotContain(id, byName!["cancelled"]!.AsArray().Select(n => n!.GetValue<string>()));
        await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/all");

        JsonNode after = await Http.GetExecutionAsync(id);
        Assert.Equal("failed", ApiClient.Status(after));
        Assert.DoesNotContain("任务已取消", ApiClient.Messages(after));
        Assert.NotEqual(OrchestrationRuntimeStatus.Terminated, (await Durable.GetInstanceAsync(id).WaitAsync(TimeSpan.FromSeconds(10)))!.RuntimeStatus);
    }

    [Theory]
    [InlineData("made-up")]
    [InlineData("1.bm90LWEtdGFzaw")]
    public async Task Listing_AContinuationTokenThatWasNotHandedOut_Is400(string token)
    {
        (HttpResponseMessage response, JsonNode? problem) = await Http.SendAsync(
            HttpMethod.Get, $"/tasks/running/{TestTasks.Probe}?continuationToken={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("continuation token is not valid", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Counts the durable timers an execution set: its history's <c>TimerCreated</c> events.</summary>
    /// <param name="executionId">The execution.</param>
    /// <returns>How many timers it created.</returns>
    protected async Task<int> TimersAsync(string executionId)
    {
        string history = await _engine.GetOrchestrationHistoryAsync(executionId, null!).WaitAsync(TimeSpan.FromSeconds(10));
        using var document = JsonDocument.Parse(history);
        JsonElement events = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.GetProperty("$values") : document.RootElement;
        Assert.Contains(events.EnumerateArray(), e => IsEventType(e, EventType.ExecutionStarted)); // the history was read
        return events.EnumerateArray().Count(e => IsEventType(e, EventType.TimerCreated));
    }

    private static bool IsEventType(JsonElement historyEvent, EventType expected)
    {
        JsonElement type = historyEvent.GetProperty("EventType");
        return type.ValueKind == JsonValueKind.Number ? (EventType)type.GetInt32() == expected : type.GetString() == expected.ToString();
    }
}
