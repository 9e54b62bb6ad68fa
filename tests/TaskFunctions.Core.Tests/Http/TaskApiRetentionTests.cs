using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Http;

namespace TaskFunctions.Core.Tests.Http;

/// <summary>
/// The HTTP contract of the replay and purge routes, against a mocked <see cref="TaskExecutionClient"/>: what a request
/// is read as, the facade call it makes (none for a bad one), and the answer.
/// </summary>
public sealed class TaskApiRetentionTests : IDisposable
{
    private const string ValidId = "550e8400-e29b-41d4-a716-446655440000";
    private const string OtherId = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

    private readonly ServiceProvider _services = HttpExchange.ResultServices();
    private readonly CancellationTokenSource _aborted = new();
    private readonly Mock<TaskExecutionClient> _executions = new(MockBehavior.Strict);
    private readonly TaskApi _api = new(new TaskCatalog(
    [
        new TaskDefinition("alpha", typeof(object), new TaskDefinitionOptions { ConcurrencyLimit = 1 }),
    ]));

    public void Dispose()
    {
        _aborted.Dispose();
        _services.Dispose();
    }

    [Theory]
    [InlineData("{550E8400-E29B-41D4-A716-446655440000}")]
    [InlineData(ValidId)]
    public async Task ReplayAsync_Accepted_ReplaysTheCanonicalIdAndIs202WithTheExecutionAndItsLocation(string id)
    {
        List<(string Id, string? Key, CancellationToken Token)> calls = SetupReplay(new ReplayResult("alpha", StartResult.Accepted(Accepted(OtherId))));
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{id}/replay");

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, id, _executions.Object));

        Assert.Equal(202, exchange.StatusCode);
        Assert.Equal("application/json; charset=utf-8", exchange.ContentType);
        Assert.Equal(
            $$"""{"executionId":"{{OtherId}}","taskName":"alpha","trigger":"replay","status":"running","startedAt":"2025-11-25T11:05:00Z"}""",
            exchange.Json().GetRawText());
        Assert.Equal("/tasks/running/execution/" + OtherId, exchange.Headers.Location.ToString());
        Assert.Equal((ValidId, (string?)null, _aborted.Token), Assert.Single(calls));
    }

    [Fact]
    public async Task ReplayAsync_ARepeatedKey_HandsTheKeyOnAndIs200WithTheExistingExecution()
    {
        List<(string Id, string? Key, CancellationToken Token)> calls = SetupReplay(new ReplayResult("alpha", StartResult.Existing(Accepted(OtherId))));
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{ValidId}/replay");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = "again-1";

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, ValidId, _executions.Object));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("/tasks/running/execution/" + OtherId, exchange.Headers.Location.ToString());
        Assert.Equal("again-1", Assert.Single(calls).Key);
    }

    [Fact]
    public async Task ReplayAsync_ParamsTheTaskNoLongerTakes_Is400NamingTheExecutionAndTheField()
    {
        SetupReplay(new ReplayResult("alpha", StartResult.Invalid("'params.steps' does not fit the params of the task 'alpha'.")));
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{ValidId}/replay");

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, ValidId, _executions.Object));

        Assert.Equal($"The execution '{ValidId}' cannot be replayed: 'params.steps' does not fit the params of the task 'alpha'.", exchange.Problem(400));
        Assert.False(exchange.Headers.ContainsKey("Location"));
    }

    [Fact]
    public async Task ReplayAsync_Conflict_Is409NamingTheRunningExecutions()
    {
        SetupReplay(new ReplayResult("alpha", StartResult.Conflict([OtherId])));
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{ValidId}/replay");

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, ValidId, _executions.Object));

        Assert.Equal($"The task 'alpha' allows 1 execution(s) at a time and that many are running: {OtherId}.", exchange.Problem(409));
        Assert.Equal(OtherId, exchange.Json().GetProperty("runningExecutionIds")[0].GetString());
        Assert.False(exchange.Headers.ContainsKey("Location"));
    }

    [Fact]
    public async Task ReplayAsync_AnUnknownExecution_Is404NamingIt()
    {
        SetupReplay(null);
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{ValidId}/replay");

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, ValidId, _executions.Object));

        Assert.Equal($"There is no execution with id '{ValidId}'.", exchange.Problem(404));
    }

    [Fact]
    public async Task ReplayAsync_AnExecutionOfARetiredTask_Is404SayingWhy()
    {
        _executions
            .Setup(e => e.ReplayAsync(ValidId, null, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ArgumentException("There is no task named 'retired'."));
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{ValidId}/replay");

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, ValidId, _executions.Object));

        Assert.Equal($"The execution '{ValidId}' cannot be replayed: There is no task named 'retired'.", exchange.Problem(404));
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("slot:alpha:0")]
    public async Task ReplayAsync_AnIdThatCannotBeOne_Is404AndCallsNothing(string id)
    {
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{id}/replay");

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, id, _executions.Object));

        Assert.Equal($"There is no execution with id '{id}'.", exchange.Problem(404));
    }

    [Fact]
    public async Task ReplayAsync_ABadIdempotencyKey_Is400AndCallsNothing()
    {
        HttpExchange exchange = Exchange("POST", $"/tasks/running/execution/{ValidId}/replay");
        exchange.Request.Headers[TaskApi.IdempotencyKeyHeader] = new string('k', 201);

        await exchange.ExecuteAsync(await _api.ReplayAsync(exchange.Request, ValidId, _executions.Object));

        Assert.Equal("The Idempotency-Key header must be one value of 1 to 200 characters, none of them a control character.", exchange.Problem(400));
    }

    [Theory]
    [InlineData("?before=2025-11-25T11:05:00Z", "completed,failed,cancelled")]
    [InlineData("?before=2025-11-25T19:05:00%2B08:00&status=failed", "failed")]
    [InlineData("?before=2025-11-25T11:05:00&status=cancelled&status=completed", "completed,cancelled")]
    [InlineData("?before=2025-11-25T11:05:00Z&status=failed,%20cancelled", "failed,cancelled")]
    public async Task PurgeAsync_AValidQuery_PurgesWhatItNamesAndAnswersHowMany(string query, string statuses)
    {
        List<(PurgeQuery Query, CancellationToken Token)> calls = [];
        _executions
            .Setup(e => e.PurgeAsync(It.IsAny<PurgeQuery>(), It.IsAny<CancellationToken>()))
            .Callback<PurgeQuery, CancellationToken>((q, t) => calls.Add((q, t)))
            .ReturnsAsync(new PurgeReport(7, 3, 2, 1));
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/purge", query);

        await exchange.ExecuteAsync(await _api.PurgeAsync(exchange.Request, _executions.Object));

        Assert.Equal(200, exchange.StatusCode);
        Assert.Equal("application/json; charset=utf-8", exchange.ContentType);
        Assert.Equal("""{"purged":7}""", exchange.Json().GetRawText());
        (PurgeQuery sent, CancellationToken token) = Assert.Single(calls);
        Assert.Equal(new DateTime(2025, 11, 25, 11, 5, 0, DateTimeKind.Utc), sent.Before);
        Assert.Equal(DateTimeKind.Utc, sent.Before.Kind);
        Assert.Equal(statuses, string.Join(',', sent.Statuses.Select(s => JsonSerializer.Serialize(s).Trim('"'))));
        Assert.Equal(_aborted.Token, token);
    }

    [Theory]
    [InlineData("", "'before' is required: the ISO-8601 date-time before which the executions to purge finished, such as 2025-11-25T11:05:00Z.")]
    [InlineData("?status=failed", "'before' is required: the ISO-8601 date-time before which the executions to purge finished, such as 2025-11-25T11:05:00Z.")]
    [InlineData("?before=", "'before' must be an ISO-8601 date-time such as 2025-11-25T11:05:00Z; got ''.")]
    [InlineData("?before=soon", "'before' must be an ISO-8601 date-time such as 2025-11-25T11:05:00Z; got 'soon'.")]
    [InlineData("?before=2025-11-25T11:05:00Z&before=2025-11-26T11:05:00Z", "'before' must be an ISO-8601 date-time such as 2025-11-25T11:05:00Z; got '2025-11-25T11:05:00Z,2025-11-26T11:05:00Z'.")]
    [InlineData("?before=2025-11-25T11:05:00Z&status=running", "'status' cannot be running: running executions are never purged.")]
    [InlineData("?before=2025-11-25T11:05:00Z&status=completed,running", "'status' cannot be running: running executions are never purged.")]
    [InlineData("?before=2025-11-25T11:05:00Z&status=Completed", "'status' must be completed, failed or cancelled; got 'Completed'.")]
    [InlineData("?before=2025-11-25T11:05:00Z&status=", "'status' must be completed, failed or cancelled; got ''.")]
    public async Task PurgeAsync_ABadQuery_Is400NamingWhatIsWrongAndPurgesNothing(string query, string detail)
    {
        HttpExchange exchange = Exchange("DELETE", "/tasks/executions/purge", query);

        await exchange.ExecuteAsync(await _api.PurgeAsync(exchange.Request, _executions.Object));

        Assert.Equal(detail, exchange.Problem(400));
    }

    private static ExecutionAccepted Accepted(string executionId) =>
        new(executionId, "alpha", TriggerKind.Replay, ExecutionStatus.Running, Requests.Start);

    private List<(string Id, string? Key, CancellationToken Token)> SetupReplay(ReplayResult? result)
    {
        List<(string, string?, CancellationToken)> calls = [];
        _executions
            .Setup(e => e.ReplayAsync(It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Callback<string, string?, CancellationToken>((id, key, token) => calls.Add((id, key, token)))
            .ReturnsAsync(result);
        return calls;
    }

    private HttpExchange Exchange(string method, string path, string? query = null)
    {
        HttpExchange exchange = HttpExchange.Create(_services, method, path, (string?)null, query);
        exchange.Context.RequestAborted = _aborted.Token;
        return exchange;
    }
}
