namespace TaskFunctions.Client;

/// <summary>The result of a start request.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Execution">The new or existing execution; <see langword="null"/> on conflict or invalid params.</param>
/// <param name="RunningExecutionIds">On conflict, the executions that hold the task's slots.</param>
/// <param name="QueuedExecutionIds">On conflict at a task that queues, the executions waiting in its full queue, in order.</param>
public sealed record StartResult(StartOutcome Outcome, ExecutionAccepted? Execution, IReadOnlyList<string> RunningExecutionIds, IReadOnlyList<string> QueuedExecutionIds)
{
    /// <summary>Initializes a new instance of the <see cref="StartResult"/> class, with no queued executions.</summary>
    /// <param name="outcome">What happened.</param>
    /// <param name="execution">The new or existing execution; <see langword="null"/> on conflict.</param>
    /// <param name="runningExecutionIds">On conflict, the executions that hold the task's slots.</param>
    public StartResult(StartOutcome outcome, ExecutionAccepted? execution, IReadOnlyList<string> runningExecutionIds)
        : this(outcome, execution, runningExecutionIds, [])
    {
    }

    /// <summary>A new execution.</summary>
    /// <param name="execution">The execution.</param>
    /// <returns>The result.</returns>
    public static StartResult Accepted(ExecutionAccepted execution) => new(StartOutcome.Accepted, execution, []);

    /// <summary>The execution an earlier start with the same key began.</summary>
    /// <param name="execution">The execution.</param>
    /// <returns>The result.</returns>
    public static StartResult Existing(ExecutionAccepted execution) => new(StartOutcome.Existing, execution, []);

    /// <summary>The concurrency limit is reached.</summary>
    /// <param name="running">The executions holding the slots.</param>
    /// <returns>The result.</returns>
    public static StartResult Conflict(IReadOnlyList<string> running) => new(StartOutcome.Conflict, null, running);

    /// <summary>The concurrency limit is reached and the task's queue is full.</summary>
    /// <param name="running">The executions running.</param>
    /// <param name="queued">The executions waiting, in order.</param>
    /// <returns>The result.</returns>
    public static StartResult Conflict(IReadOnlyList<string> running, IReadOnlyList<string> queued) => new(StartOutcome.Conflict, null, running, queued);

    /// <summary>The params do not fit the type the task declares.</summary>
    /// <param name="problem">What is wrong, naming the field (<c>params.steps</c>).</param>
    /// <returns>The result.</returns>
    public static StartResult Invalid(string problem) => new(StartOutcome.Invalid, null, []) { Problem = problem };

    /// <summary>Gets what is wrong with the params when the outcome is <see cref="StartOutcome.Invalid"/>.</summary>
    public string? Problem { get; init; }
}
