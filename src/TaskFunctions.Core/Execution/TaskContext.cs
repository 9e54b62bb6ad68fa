using System.Text.Json;
using TaskFunctions.Serialization;

namespace TaskFunctions.Execution;

/// <summary>
/// Everything a handler or middleware knows about the execution it runs in: identity, parameters, the log
/// (read and write) and the items carried between stages. The error middleware gets a
/// <see cref="TaskErrorContext"/>, which adds the error.
/// </summary>
public class TaskContext
{
    /// <summary>Initializes a new instance of the <see cref="TaskContext"/> class.</summary>
    /// <param name="executionId">The execution's id.</param>
    /// <param name="taskName">The task's name.</param>
    /// <param name="trigger">How the execution was started.</param>
    /// <param name="parameters">The <c>params</c> object of the start request, if any.</param>
    /// <param name="startedAt">When the execution was requested (UTC).</param>
    /// <param name="timeout">The execution's timeout, counted from <paramref name="startedAt"/>.</param>
    /// <param name="attempt">The handler attempt, 1 for the first.</param>
    /// <param name="logs">The execution's log; <see langword="null"/> for an empty one.</param>
    /// <param name="items">The items carried from earlier stages; <see langword="null"/> for none.</param>
    /// <remarks>Hosts build the context for each attempt; tests of handlers and middleware build their own.</remarks>
    public TaskContext(
        string executionId,
        string taskName,
        TriggerKind trigger,
        JsonElement? parameters,
        DateTime startedAt,
        TimeSpan timeout,
        int attempt = 1,
        TaskLog? logs = null,
        TaskItems? items = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        ArgumentException.ThrowIfNullOrEmpty(taskName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ExecutionId = executionId;
        TaskName = taskName;
        Trigger = trigger;
        Params = parameters;
        StartedAt = startedAt;
        Timeout = timeout;
        Deadline = startedAt + timeout;
        Attempt = attempt;
        Logs = logs ?? new TaskLog();
        Items = items ?? new TaskItems();
    }

    /// <summary>Initializes a new instance of the <see cref="TaskContext"/> class for a later phase of the same run.</summary>
    /// <param name="context">The context of the run so far; its log and items are shared, not copied.</param>
    protected TaskContext(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ExecutionId = context.ExecutionId;
        TaskName = context.TaskName;
        Trigger = context.Trigger;
        Params = context.Params;
        StartedAt = context.StartedAt;
        Timeout = context.Timeout;
        Deadline = context.Deadline;
        Attempt = context.Attempt;
        Stage = context.Stage;
        Logs = context.Logs;
        Items = context.Items;
    }

    /// <summary>Gets the execution's id (a UUID, also the orchestration's instance id).</summary>
    public string ExecutionId { get; }

    /// <summary>Gets the name of the task being executed.</summary>
    public string TaskName { get; }

    /// <summary>Gets how the execution was started.</summary>
    public TriggerKind Trigger { get; }

    /// <summary>Gets the <c>params</c> object of the start request, or <see langword="null"/> when none was sent.</summary>
    public JsonElement? Params { get; }

    /// <summary>Gets when the execution was requested (UTC).</summary>
    public DateTime StartedAt { get; }

    /// <summary>Gets the execution's timeout, counted from <see cref="StartedAt"/>.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets the moment (UTC) at which the execution times out.</summary>
    public DateTime Deadline { get; }

    /// <summary>Gets the stage being run.</summary>
    public ExecutionStage Stage { get; internal set; } = ExecutionStage.Handler;

    /// <summary>Gets the handler attempt, 1 for the first.</summary>
    public int Attempt { get; }

    /// <summary>Gets the execution's log: earlier entries, and a writer for new ones.</summary>
    public TaskLog Logs { get; }

    /// <summary>Gets the values carried from one stage to the next.</summary>
    public TaskItems Items { get; }

    /// <summary>Reads the <c>params</c> object as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The parameter type, bound with camelCase names.</typeparam>
    /// <returns>The parameters, or a new <typeparamref name="T"/> when none were sent.</returns>
    public T GetParams<T>()
        where T : new()
    {
        if (Params is not { ValueKind: JsonValueKind.Object } element)
        {
            return new T();
        }

        return element.Deserialize<T>(TaskFunctionsJson.Options) ?? new T();
    }
}
