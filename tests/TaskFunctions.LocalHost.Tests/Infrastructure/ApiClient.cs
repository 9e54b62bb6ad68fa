using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>HTTP calls of the API as a client makes them, returning raw JSON so that tests check the wire format.</summary>
public static class ApiClient
{
    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(this HttpClient http, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static async Task<string> StartAsync(this HttpClient http, string taskName, object? parameters = null, string trigger = "manual", int? timeoutMs = null)
    {
        (HttpResponseMessage response, JsonNode? body) = await http.SendAsync(
            HttpMethod.Post,
            $"/tasks/{taskName}/execute/{trigger}",
            JsonSerializer.Serialize(new { @params = parameters, timeoutMs }));
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body?.ToJsonString());
        return body!["executionId"]!.GetValue<string>();
    }

    public static async Task<JsonNode> GetExecutionAsync(this HttpClient http, string executionId)
    {
        (HttpResponseMessage response, JsonNode? body) = await http.SendAsync(HttpMethod.Get, $"/tasks/running/execution/{executionId}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return body!;
    }

    /// <summary>Polls every <paramref name="interval"/> until the execution's status is no longer running (60 s unless told).</summary>
    public static Task<JsonNode> WaitUntilFinishedAsync(this HttpClient http, string executionId, TimeSpan? interval = null, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            () => http.GetExecutionAsync(executionId),
            execution => Status(execution) != "running",
            timeout ?? TimeSpan.FromSeconds(60),
            $"execution {executionId} still running",
            interval ?? TimeSpan.FromMilliseconds(100));

    public static string Status(JsonNode execution) => execution["status"]!.GetValue<string>();

    public static IReadOnlyList<string> Messages(JsonNode execution) =>
        [.. execution["logs"]!.AsArray().Select(e => e!["message"]!.GetValue<string>())];

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>())!;
}
