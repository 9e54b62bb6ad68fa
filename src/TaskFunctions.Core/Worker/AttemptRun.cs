using System.Text.Json;
using TaskFunctions.Execution;
using TaskFunctions.Logs;
using TaskFunctions.Protocol;
using TaskFunctions.Serialization;

namespace TaskFunctions.Worker;

/// <summary>One run of the attempt activity: its request, its context, and what it hands to the next attempt.</summary>
internal sealed class AttemptRun
{
    /// <summary>Initializes a new instance of the <see cref="AttemptRun"/> class.</summary>
    /// <param name="request">The attempt.</param>
    /// <param name="earlier">The log so far, oldest first: the request's entries, with the archived ones before them once read.</param>
    /// <param name="omittedCount">How many older entries <paramref name="earlier"/> leaves out.</param>
    /// <param name="clock">The clock that stamps entries.</param>
    public AttemptRun(AttemptRequest request, IReadOnlyList<LogEntry> earlier, int omittedCount, TimeProvider clock)
    {
        Request = request;
        ExecutionRequest execution = request.Execution;
        Context = new TaskContext(
            execution.ExecutionId,
            execution.TaskName,
            execution.Trigger,
            execution.Params,
            execution.StartedAt,
            execution.Deadline - execution.StartedAt,
            request.Attempt,
            new TaskLog(earlier, omittedCount, clock),
            new TaskItems(request.Items));
        ItemsForNextAttempt = request.Items;
    }

    public AttemptRequest Request { get; }

    public ExecutionRequest Execution => Request.Execution;

    public string ExecutionId => Request.Execution.ExecutionId;

    public int Attempt => Request.Attempt;

    /// <summary>Gets the id of this run (see <see cref="AttemptResult.RunId"/>).</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Gets whether the attempt had been handed out before (see <see cref="AttemptResult.RunsAgain"/>).</summary>
    public bool RunsAgain { get; init; }

    public TaskContext Context { get; }

    /// <summary>Gets or sets the items the before middleware left: every attempt starts from them.</summary>
    public IReadOnlyDictionary<string, JsonElement> ItemsForNextAttempt { get; set; }

    /// <summary>Records a lifecycle entry of the worker.</summary>
    /// <param name="at">Its timestamp.</param>
    /// <param name="level">Its level.</param>
    /// <param name="message">Its message.</param>
    /// <param name="data">Its data.</param>
    public void Record(DateTime at, TaskLogLevel level, string message, object? data) =>
        Context.Logs.Append(new LogEntry(at, level, message, data is null ? null : JsonSerializer.SerializeToElement(data, data.GetType(), TaskFunctionsJson.Options)));

    /// <summary>Builds the result from what the run wrote.</summary>
    /// <param name="outcome">How it ended.</param>
    /// <param name="error">The error, if it failed.</param>
    /// <param name="retryDelay">The wait before the next attempt.</param>
    /// <returns>The result.</returns>
    public AttemptResult Result(AttemptOutcome outcome, TaskError? error = null, TimeSpan? retryDelay = null) =>
        new(outcome, RunId, Context.Logs.Written, ItemsForNextAttempt, error, retryDelay, RunsAgain: RunsAgain);
}
