using System.Text.Json;
using System.Text.Json.Nodes;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// Tells whether what answers on an address is the server a fixture started, by that server's own answer: a port that
/// accepts connections proves nothing, since another process may hold it.
/// </summary>
public static class Readiness
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether a TaskFunctions host answers <c>GET /tasks</c> with a catalog that holds every expected task.</summary>
    /// <param name="http">A client whose base address is the host's.</param>
    /// <param name="tasks">Task names the catalog must hold.</param>
    /// <returns>Whether the host's catalog answered.</returns>
    public static async Task<bool> ServesCatalogAsync(HttpClient http, IEnumerable<string> tasks)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var timeout = new CancellationTokenSource(CallTimeout);
            using HttpResponseMessage response = await http.GetAsync(new Uri("/tasks", UriKind.Relative), timeout.Token);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
            {
                return false;
            }

            if (JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token)) is not JsonArray catalog)
            {
                return false;
            }

            HashSet<string?> names = [.. catalog.Select(t => t?["name"]?.GetValue<string>())];
            return tasks.All(names.Contains);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Whether Azurite's <paramref name="service"/> answers on <paramref name="endpoint"/> (its <c>Server</c> header names it).</summary>
    /// <param name="endpoint">The service's address.</param>
    /// <param name="service"><c>Blob</c>, <c>Queue</c> or <c>Table</c>.</param>
    /// <returns>Whether that Azurite service answered.</returns>
    public static async Task<bool> IsAzuriteAsync(Uri endpoint, string service)
    {
        try
        {
            using var http = new HttpClient { Timeout = CallTimeout };
            using HttpResponseMessage response = await http.GetAsync(endpoint);
            return response.Headers.Server.ToString().StartsWith($"Azurite-{service}/", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }
}
