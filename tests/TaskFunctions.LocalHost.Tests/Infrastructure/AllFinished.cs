using System.Net;
using System.Text.Json.Nodes;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>Waits for many executions of one task at once: it reads the task's list (100 a page), not each execution.</summary>
public static class AllFinished
{
    /// <summary>
    /// Reads the task's list until every one of <paramref name="ids"/> is in it with a final status, then reads each of
    /// them once (its whole log).
    /// </summary>
    /// <param name="http">A client of the host.</param>
    /// <param name="taskName">The executions' task.</param>
    /// <param name="ids">The executions.</param>
    /// <param name="timeout">How long to wait for the last one.</param>
    /// <returns>The final read of each execution, by id.</returns>
    public static async Task<Dictionary<string, JsonNode>> WaitAsync(HttpClient http, string taskName, IReadOnlyCollection<string> ids, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(ids);
        await Eventually.UntilAsync(
            () => ListAsync(http, taskName),
            listed => ids.All(id => listed.TryGetValue(id, out string? status) && status != "running"),
            timeout,
            $"not all {ids.Count} executions of {taskName} reached a final status",
            interval: TimeSpan.FromMilliseconds(500));

        var finals = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (string[] batch in ids.Chunk(8))
        {
            foreach (JsonNode execution in await Task.WhenAll(batch.Select(http.GetExecutionAsync)))
            {
                finals[execution["executionId"]!.GetValue<string>()] = execution;
            }
        }

        return finals;
    }

    private static async Task<Dictionary<string, string>> ListAsync(HttpClient http, string taskName)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            string path = $"/tasks/running/{taskName}?limit=100" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            (HttpResponseMessage response, JsonNode? page) = await http.SendAsync(HttpMethod.Get, path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {page?.ToJsonString()}");
            foreach (JsonNode? item in page!.AsArray())
            {
                listed[item!["executionId"]!.GetValue<string>()] = ApiClient.Status(item);
            }

            token = response.Headers.TryGetValues("x-ms-continuation-token", out IEnumerable<string>? values) ? values.Single() : null;
        }
        while (token is not null);

        return listed;
    }
}
