using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using TaskFunctions.Protocol;

namespace TaskFunctions.Benchmarks;

/// <summary>One started run: its execution's instance id and the ids of the helper instances it should use.</summary>
internal sealed record CostStart(string ExecutionId, string[] HelperIds);

/// <summary>
/// One kind of execution the cost scenario measures: how it is started, and which helper instances (a slot, a
/// key claim) a run of it should create besides its own instance.
/// </summary>
internal sealed class CostKind(string name, Func<Task<CostStart>> start)
{
    /// <summary>The column heading.</summary>
    public string Name { get; } = name;

    public Task<CostStart> StartAsync() => start();

    /// <summary>The four kinds, in the table's order.</summary>
    public static CostKind[] All(DurableTaskClient client, HttpClient http) =>
    [
        new("raw", async () => new CostStart(await client.ScheduleNewOrchestrationInstanceAsync(RawEngine.Orchestration, 0), [])),
        new("plain", async () => new CostStart(await PostAsync(http, BenchmarkTasks.SyncLong, key: null), [])),
        new("one at a time", async () =>
            new CostStart(await PostAsync(http, BenchmarkTasks.SyncSingle, key: null), [InstanceIds.Slot(BenchmarkTasks.SyncSingle, 0)])),
        new("idempotency key", async () =>
        {
            string key = $"bench-cost-{Guid.NewGuid():N}";
            return new CostStart(await PostAsync(http, BenchmarkTasks.SyncLong, key), [InstanceIds.KeyClaim(BenchmarkTasks.SyncLong, key)]);
        }),
    ];

    /// <summary>POST /tasks/{task}/execute/api with the quick body, and an <c>Idempotency-Key</c> header if given; expects 202.</summary>
    private static async Task<string> PostAsync(HttpClient http, string task, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/tasks/{task}/execute/api")
        {
            Content = new StringContent(ServiceSide.QuickBody, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using HttpResponseMessage response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST {task} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        JsonElement accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        return accepted.GetProperty("executionId").GetString()!;
    }
}
