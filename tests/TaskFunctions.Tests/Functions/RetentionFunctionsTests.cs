using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Client;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Functions;
using TaskFunctions.Samples;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

/// <summary>
/// The purge trigger hands its query and its durable client to the core, and the timer purges through its own client
/// what finished longer ago than the configured age: the mocked client is the one that is queried.
/// </summary>
public sealed class RetentionFunctionsTests : IDisposable
{
    private static readonly DateTime Now = new(2025, 12, 10, 3, 17, 0, DateTimeKind.Utc);

    private readonly Mock<DurableTaskClient> _client = new("test");
    private readonly List<OrchestrationQuery> _queries = [];
    private ServiceProvider? _services;

    public RetentionFunctionsTests()
    {
        _client
            .Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Callback<OrchestrationQuery?>(q => _queries.Add(q!))
            .Returns(Pages.Of());
    }

    public void Dispose() => _services?.Dispose();

    [Fact]
    public async Task PurgeExecutions_PurgesBeforeTheSentTimeOnItsClientAndAnswersHowMany()
    {
        RetentionFunctions functions = Create(_ => { });
        HttpExchange exchange = HttpExchange.Create(_services!, "DELETE", "/tasks/executions/purge", (string?)null, "?before=2025-11-25T11:05:00Z&status=failed");

        await exchange.ExecuteAsync(await functions.PurgeExecutionsAsync(exchange.Request, _client.Object));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("""{"purged":0}""", exchange.Json().GetRawText());
        Assert.NotEmpty(_queries);
        Assert.All(_queries, q => Assert.Equal(new DateTimeOffset(2025, 11, 25, 11, 5, 0, TimeSpan.Zero), q.CreatedTo));
    }

    [Fact]
    public async Task PurgeExpired_PurgesWhatFinishedLongerAgoThanMaxAgeOnItsClient()
    {
        RetentionFunctions functions = Create(o => o.MaxAge = TimeSpan.FromDays(3));

        await functions.PurgeExpiredAsync(new TimerInfo(), _client.Object, CancellationToken.None);

        Assert.NotEmpty(_queries);
        Assert.All(_queries, q => Assert.Equal(new DateTimeOffset(Now.AddDays(-3)), q.CreatedTo));
    }

    [Fact]
    public async Task PurgeExpired_RetentionOff_ReadsNothing()
    {
        RetentionFunctions functions = Create(o => o.Enabled = false);

        await functions.PurgeExpiredAsync(new TimerInfo(), _client.Object, CancellationToken.None);

        Assert.Empty(_queries);
        _client.VerifyNoOtherCalls();
    }

    /// <summary>The app's services (as <see cref="TestHost"/> makes them) with a fixed clock and the retention settings given.</summary>
    private RetentionFunctions Create(Action<RetentionOptions> retention)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProblemDetails();
        services.AddSingleton<TimeProvider>(new TestClock(Now));
        services.AddTaskFunctions(tasks => tasks.AddSampleTasks());
        services.Configure(retention);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return TestHost.Create<RetentionFunctions>(_services);
    }
}
