using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.Load;

/// <summary>
/// Many clients at once, at a size CI runs in seconds (<c>scripts/stress.sh</c> runs the full sizes through the
/// <c>TASKFUNCTIONS_LOAD_*</c> variables): every start gives its own execution, every execution finishes and is
/// listed, pollers see no server error; and a one-at-a-time task under a hundred simultaneous starts runs exactly one.
/// Clients behave as documented: a 503 (the task store did not answer in time) is retried after its Retry-After, a
/// start with the same Idempotency-Key. At CI size no call may need that; at full size the test reports how many did.
/// Each backend runs them through a subclass.
/// </summary>
public abstract class LoadScenarios(LocalHostFixture host, ITestOutputHelper output) : HostScenarios(host)
{
    private static readonly bool FullSize = Environment.GetEnvironmentVariable("TASKFUNCTIONS_LOAD_STARTS") is not null;

    private static readonly int Starts = Setting("TASKFUNCTIONS_LOAD_STARTS", 200);
    private static readonly int Clients = Setting("TASKFUNCTIONS_LOAD_CLIENTS", 20);
    private static readonly int Pollers = Setting("TASKFUNCTIONS_LOAD_POLLERS", 20);
    private static readonly int SimultaneousStarts = Setting("TASKFUNCTIONS_LOAD_SIMULTANEOUS", 100);

    [Fact]
    public async Task Starts_ManyClientsAtOnceWhilePollersRead_GiveDistinctExecutionsThatAllFinishAndAreListed()
    {
        DateTime from = DateTime.UtcNow.AddSeconds(-1);
        var ids = new ConcurrentBag<string>();
        var answers = new ConcurrentBag<HttpStatusCode>();
        var retried = new ConcurrentBag<string>();
        using var stopPolling = new CancellationTokenSource();

        // Pollers read the status of started executions once a second, as the specification's page does, from the
        // first start on; each reads at least once, however quickly the executions finish (in memory, within a second).
        Task[] pollers = [.. Enumerable.Range(0, Pollers).Select(p => Task.Run(async () =>
        {
            while (true)
            {
                string? id = ids.Skip(p % Math.Max(1, ids.Count)).FirstOrDefault();
                if (id is null)
                {
                    if (stopPolling.IsCancellationRequested)
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
                    continue;
                }

                (HttpResponseMessage response, _) = await Http.SendAsync(HttpMethod.Get, $"/tasks/running/execution/{id}");
                answers.Add(response.StatusCode);
                if (stopPolling.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }))];

        Task[] clients = [.. Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (int i = c; i < Starts; i += Clients)
            {
                ids.Add(await StartWithRetriesAsync($"load-{from.Ticks}-{i}", retried));
            }
        }))];
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromMinutes(5));

        string[] started = [.. ids];
        Assert.Equal(Starts, started.Length);
        Assert.Equal(Starts, started.Distinct(StringComparer.Ordinal).Count());
        Dictionary<string, string> listed = await Eventually.UntilAsync(
            () => ListAsync(from, retried),
            listed => started.All(id => listed.TryGetValue(id, out string? status) && status != "running"),
            TimeSpan.FromMinutes(5),
            "not every execution was listed with a final status");

        await stopPolling.CancelAsync();
        await Task.WhenAll(pollers).WaitAsync(TimeSpan.FromSeconds(30));
        var finals = started.GroupBy(id => listed[id]).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine(
            $"{Starts} starts from {Clients} clients, {Pollers} pollers: {string.Join(", ", finals.Select(f => $"{f.Value} {f.Key}"))}; " +
            $"status reads {answers.Count}, of which 503 {answers.Count(a => a == HttpStatusCode.ServiceUnavailable)}; calls retried after a 503: {retried.Count}.");
        Assert.NotEmpty(answers);
        Assert.All(answers, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        if (!FullSize)
        {
            // At CI size the store always answers in time and every execution runs within its timeout.
            Assert.Empty(retried);
            Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
            Assert.Equal(Starts, finals.GetValueOrDefault("completed"));
        }
        else
        {
            // At full size, executions queued behind the engine's concurrency past their 30 s timeout fail with it.
            Assert.Equal(Starts, finals.GetValueOrDefault("completed") + finals.GetValueOrDefault("failed"));
        }
    }

    [Fact]
    public async Task ConcurrencyLimit_AHundredSimultaneousStarts_RunExactlyOneAndRefuseTheRestWithIt()
    {
        using var gate = new ManualResetEventSlim(false);
        Task<(HttpResponseMessage Response, JsonNode? Body)>[] starts = [.. Enumerable.Range(0, SimultaneousStarts).Select(_ => Task.Run(() =>
        {
            gate.Wait();
            return Http.SendAsync(HttpMethod.Post, $"/tasks/{TestTasks.Exclusive}/execute/api", """{ "params": { "sleepMs": 60000 } }""");
        }))];
        gate.Set();
        (HttpResponseMessage Response, JsonNode? Body)[] answers = await Task.WhenAll(starts).WaitAsync(TimeSpan.FromMinutes(2));

        var accepted = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Accepted).ToList();
        string winner = Assert.Single(accepted).Body!["executionId"]!.GetValue<string>();
        Assert.All(
            answers.Where(a => a.Response.StatusCode != HttpStatusCode.Accepted),
            a =>
            {
                Assert.Equal(HttpStatusCode.Conflict, a.Response.StatusCode);
                Assert.Equal([winner], a.Body!["runningExecutionIds"]!.AsArray().Select(n => n!.GetValue<string>()));
            });
        Assert.Equal("running", ApiClient.Status(await Http.GetExecutionAsync(winner)));
        (HttpResponseMessage cancel, _) = await Http.SendAsync(HttpMethod.Delete, "/tasks/executions/cancel/by-ids", $$"""{ "executionIds": ["{{winner}}"] }""");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }

    /// <summary>Starts the probe with a key, and repeats the start after a 503 as a client should.</summary>
    private async Task<string> StartWithRetriesAsync(string key, ConcurrentBag<string> retried)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/tasks/{TestTasks.Probe}/execute/api")
            {
                Content = new StringContent("""{ "params": { "sleepMs": 50 } }""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            using HttpResponseMessage response = await Http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
            {
                return JsonNode.Parse(body)!["executionId"]!.GetValue<string>();
            }

            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10, $"start answered {(int)response.StatusCode}: {body}");
            retried.Add("start");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Reads every page of the probe task's list from <paramref name="from"/> on, following the continuation token.</summary>
    private async Task<Dictionary<string, string>> ListAsync(DateTime from, ConcurrentBag<string> retried)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        while (true)
        {
            string path = $"/tasks/running/{TestTasks.Probe}?from={from:O}&limit=100" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            (HttpResponseMessage response, JsonNode? page) = await Http.SendAsync(HttpMethod.Get, path);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                retried.Add("list");
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(5));
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            foreach (JsonNode? item in page!.AsArray())
            {
                listed[item!["executionId"]!.GetValue<string>()] = ApiClient.Status(item);
            }

            token = response.Headers.TryGetValues("x-ms-continuation-token", out IEnumerable<string>? values) ? values.Single() : null;
            if (token is null)
            {
                return listed;
            }
        }
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;
}
