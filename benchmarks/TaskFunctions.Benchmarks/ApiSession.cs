using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TaskFunctions.Benchmarks;

/// <summary>The HTTP calls the benchmarks make, as a client of the API would.</summary>
internal sealed class ApiSession(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<(string Id, double Milliseconds)> StartAsync(string task, string body)
    {
        var watch = Stopwatch.StartNew();
        using HttpResponseMessage response = await Http.PostAsync($"/tasks/{task}/execute/api", new StringContent(body, Encoding.UTF8, "application/json"));
        double ms = watch.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        JsonElement accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (accepted.GetProperty("executionId").GetString()!, ms);
    }

    public Task<JsonElement> GetAsync(string id) => Http.GetFromJsonAsync<JsonElement>($"/tasks/running/execution/{id}");

    public async Task<string> StatusAsync(string id) => (await GetAsync(id)).GetProperty("status").GetString()!;

    /// <summary>Polls until a condition holds; returns the execution and when the condition was first seen.</summary>
    public async Task<(JsonElement Execution, DateTime SeenAt)> PollAsync(string id, Func<JsonElement, bool> condition, int intervalMs = 20)
    {
        DateTime giveUp = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            JsonElement execution = await GetAsync(id);
            DateTime seenAt = DateTime.UtcNow;
            if (condition(execution))
            {
                return (execution, seenAt);
            }

            if (seenAt > giveUp)
            {
                throw new TimeoutException($"Gave up on {id}: {execution}");
            }

            await Task.Delay(intervalMs);
        }
    }

    public static IEnumerable<JsonElement> Logs(JsonElement execution) => execution.GetProperty("logs").EnumerateArray();

    public static DateTime Timestamp(JsonElement entry) => entry.GetProperty("timestamp").GetDateTime().ToUniversalTime();

    public static string Message(JsonElement entry) => entry.GetProperty("message").GetString()!;
}
