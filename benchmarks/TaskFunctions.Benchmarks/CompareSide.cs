using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace TaskFunctions.Benchmarks;

/// <summary>What the comparison starts: a run that returns at once, one that lasts a while, one of another kind.</summary>
internal enum Workload
{
    Quick,
    Long,
    Other,
}

/// <summary>One side of the comparison: how it starts a workload and how a client reads one execution.</summary>
internal abstract class CompareSide(string name)
{
    /// <summary>How long a <see cref="Workload.Long"/> run lasts.</summary>
    public const int LongMs = 12_000;

    public string Name { get; } = name;

    /// <summary>Starts a run; returns its instance id and how long the start call took.</summary>
    public async Task<(string Id, double Ms)> StartAsync(Workload workload)
    {
        var watch = Stopwatch.StartNew();
        string id = await StartCoreAsync(workload);
        return (id, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>Reads one execution as a client would, with everything it shows.</summary>
    public abstract Task ReadAsync(string id);

    /// <summary>Describes how a run ended, for runs that did not complete.</summary>
    public abstract Task<string> DescribeAsync(string id);

    protected abstract Task<string> StartCoreAsync(Workload workload);
}

/// <summary>The raw engine: the host's own client schedules <see cref="RawEngine.Orchestration"/> and reads instances.</summary>
internal sealed class RawSide(DurableTaskClient client) : CompareSide("raw")
{
    public override async Task ReadAsync(string id) =>
        _ = await client.GetInstanceAsync(id, getInputsAndOutputs: true) ?? throw new InvalidOperationException($"No instance {id}");

    public override async Task<string> DescribeAsync(string id) =>
        (await client.GetInstanceAsync(id, getInputsAndOutputs: true)) is { } instance
            ? $"{instance.RuntimeStatus} {instance.FailureDetails?.ErrorMessage}"
            : "not found";

    protected override Task<string> StartCoreAsync(Workload workload) => workload switch
    {
        Workload.Quick => client.ScheduleNewOrchestrationInstanceAsync(RawEngine.Orchestration, 0),
        Workload.Long => client.ScheduleNewOrchestrationInstanceAsync(RawEngine.Orchestration, LongMs),
        _ => client.ScheduleNewOrchestrationInstanceAsync(RawEngine.OtherOrchestration, 0),
    };
}

/// <summary>
/// The service over HTTP: POST /tasks/{task}/execute/api and GET /tasks/running/execution/{id}. Quick runs are of
/// <see cref="BenchmarkTasks.SyncLong"/>: the sample sync handler and after middleware, with a timeout that a run
/// queued behind a burst of hundreds does not reach.
/// </summary>
internal sealed class ServiceSide(ApiSession api) : CompareSide("service")
{
    /// <summary>The sample sync handler with the samples' after middleware, returning at once.</summary>
    public const string QuickBody = """{ "params": { "durationMs": 0, "steps": 1 } }""";

    public override async Task ReadAsync(string id)
    {
        using HttpResponseMessage response = await api.Http.GetAsync($"/tasks/running/execution/{id}");
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync();
    }

    public override async Task<string> DescribeAsync(string id)
    {
        JsonElement execution = await api.GetAsync(id);
        JsonElement last = ApiSession.Logs(execution).LastOrDefault(e => e.GetProperty("level").GetString() == "error", ApiSession.Logs(execution).Last());
        return $"{execution.GetProperty("status")}: {ApiSession.Message(last)} {(last.TryGetProperty("data", out JsonElement data) ? data.ToString() : string.Empty)}";
    }

    protected override async Task<string> StartCoreAsync(Workload workload)
    {
        (string id, _) = workload switch
        {
            Workload.Quick => await api.StartAsync(BenchmarkTasks.SyncLong, QuickBody),
            Workload.Long => await api.StartAsync(
                BenchmarkTasks.Ticker,
                string.Create(CultureInfo.InvariantCulture, $$"""{ "params": { "lines": {{LongMs / 1000}}, "intervalMs": 1000 } }""")),
            _ => await api.StartAsync(BenchmarkTasks.Other, "{}"),
        };
        return id;
    }
}
