using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Functions;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class TaskCatalogFunctionsTests : IDisposable
{
    private readonly ServiceProvider _services = TestHost.CreateServices();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task ListTasks_AnswersTheCatalogTheAppRegisters()
    {
        var functions = TestHost.Create<TaskCatalogFunctions>(_services);
        HttpExchange exchange = HttpExchange.Create(_services, "GET", "/tasks");

        await exchange.ExecuteAsync(functions.ListTasks(exchange.Request));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal(["feishu-sync", "user-space-sync"], exchange.Json().EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }
}
