using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Moq;
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Middleware;
using TaskFunctions.Protocol;
using TaskFunctions.Scheduling;

namespace TaskFunctions.Core.Tests.Scheduling;

/// <summary>
/// A task hub for schedule tests: a mocked <see cref="DurableTaskClient"/> over an <see cref="InstanceStore"/> that
/// answers queries, the real execution client over it, a clock, and runners ("hosts") sharing that hub.
/// </summary>
internal sealed class ScheduleBench : IDisposable
{
    private readonly ILoggerFactory _loggers;

    public ScheduleBench(TimeProvider clock, params TaskDefinition[] tasks)
    {
        Clock = clock;
        Store = new InstanceStore(Durable).AnswerQueries();
        Catalog = new TaskCatalog(tasks);
        _loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }

    public Mock<DurableTaskClient> Durable { get; } = new("test");

    public InstanceStore Store { get; }

    public TaskCatalog Catalog { get; }

    public TimeProvider Clock { get; }

    public CapturedLogs Logs { get; } = new();

    public static TaskDefinition Define(string name, TaskDefinitionOptions? options = null) => new(name, typeof(object), options ?? new TaskDefinitionOptions());

    public static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The execution client a host makes over the hub.</summary>
    public TaskExecutionClient Client() =>
        new TaskExecutionClientFactory(Catalog, new MiddlewarePipeline([]), Clock, new LocalCancellation(), new TaskExecutionClientOptions(), new RetentionOptions()).Create(Durable.Object);

    /// <summary>A host's runner: each call is a host of its own (or the same host after a restart).</summary>
    public ScheduleRunner Runner(TimeSpan? catchUpWindow = null) => Runner(new SchedulerOptions { CatchUpWindow = catchUpWindow ?? TimeSpan.FromDays(1) });

    public ScheduleRunner Runner(SchedulerOptions options) =>
        new([.. Catalog.Tasks.SelectMany(t => t.Schedules.Select(s => new ScheduledTask(t, s, "code")))], Clock, options, _loggers.CreateLogger<ScheduleRunner>());

    public ILogger<T> Logger<T>() => _loggers.CreateLogger<T>();

    /// <summary>The executions created in the hub, in order.</summary>
    public ExecutionRequest[] Executions() =>
        [.. Store.Created.Where(s => s.Name == ProtocolNames.ExecutionOrchestrator).Select(s => (ExecutionRequest)s.Input!)];

    /// <summary>The idempotency claims created in the hub, in order.</summary>
    public string[] Claims() => [.. Store.Created.Where(s => s.Name == ProtocolNames.KeyClaimOrchestrator).Select(s => s.InstanceId)];

    /// <summary>Marks an execution finished and its slot released, as the engine would.</summary>
    public void Finish(string executionId)
    {
        ExecutionRequest request = Executions().Single(e => e.ExecutionId == executionId);
        Store.Add(ProtocolNames.ExecutionOrchestrator, executionId, request, OrchestrationRuntimeStatus.Completed);
        if (request.SlotIndex is int slot)
        {
            Store.Add(ProtocolNames.SlotOrchestrator, InstanceIds.Slot(request.TaskName, slot), new SlotLease(executionId, request.TaskName, slot), OrchestrationRuntimeStatus.Completed);
        }
    }

    public void Dispose() => _loggers.Dispose();
}
