using System.Text.Json;
using TaskFunctions.Orchestration;
using TaskFunctions.Serialization;

namespace TaskFunctions.Execution;

/// <summary>
/// Everything a handler or middleware knows about the execution it runs in: identity, parameters, the log
/// (read and write), the items carried between stages, and in the error stage the error.
/// </summary>
public sealed class TaskContext
{
    internal TaskContext(StageRequest request, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ExecutionRequest execution = request.Execution;
        ExecutionId = execution.ExecutionId;
        TaskName = execution.TaskName;
        Trigger = execution.Trigger;
        Params = execution.Params;
        StartedAt = execution.StartedAt;
        TimeoutMs = execution.TimeoutMs;
        Deadline = request.Deadline;
        Stage = request.Stage;
        Attempt = request.Attempt;
        Error = request.Error;
        Logs = new TaskLog(request.Logs, request.OmittedLogCount, clock);
        Items = new TaskItems(request.Items);
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

    /// <summary>Gets the execution's timeout in milliseconds.</summary>
    public int TimeoutMs { get; }

    /// <summary>Gets the moment (UTC) at which the execution times out.</summary>
    public DateTime Deadline { get; }

    /// <summary>Gets the stage being run.</summary>
    public ExecutionStage Stage { get; }

    /// <summary>Gets the handler attempt, 1 for the first.</summary>
    public int Attempt { get; }

    /// <summary>Gets the error that failed the execution; set in the error stage only.</summary>
    public TaskError? Error { get; }

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
