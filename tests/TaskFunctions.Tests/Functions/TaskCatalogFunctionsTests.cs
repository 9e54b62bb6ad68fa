using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Functions;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class TaskCatalogFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ListTasks_returns_the_sample_catalog_as_json()
    {
        var functions = TestHost.Create<TaskCatalogFunctions>(_services);
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks");

        HttpAnswer answer = await HttpAnswer.OfAsync(exchange, functions.ListTasks(exchange.Request));

        Assert.Equal(200, answer.StatusCode);
        Assert.StartsWith("application/json", answer.ContentType, StringComparison.Ordinal);
        string[] names = [.. answer.Body.EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];
        Assert.Equal(["feishu-sync", "user-space-sync"], names);
        Assert.All(answer.Body.EnumerateArray(), t =>
        {
            Assert.Equal(30000, t.GetProperty("timeoutMs").GetInt32());
            Assert.False(string.IsNullOrEmpty(t.GetProperty("description").GetString()));
            Assert.Equal(1, t.GetProperty("concurrencyLimit").GetInt32());
        });
        Assert.Equal(3, answer.Body[0].GetProperty("retry").GetProperty("maxAttempts").GetInt32());
        Assert.False(answer.Body[1].TryGetProperty("retry", out _));
    }
}
