namespace TaskFunctions.Protocol;

/// <summary>
/// The state of a task's queue: its input across generations and its custom status, which the client reads to
/// tell running executions from waiting ones.
/// </summary>
/// <param name="TaskName">The task.</param>
/// <param name="Limit">How many executions may run at once.</param>
/// <param name="Running">The executions whose turn it is, oldest first.</param>
/// <param name="Waiting">The executions waiting for their turn, in order.</param>
/// <param name="Left">The executions that left most recently (a join that arrives after the leave is ignored).</param>
/// <param name="Ready">The running and waiting executions that have joined themselves, and so can be told their turn.</param>
internal sealed record TaskQueueState(
    string TaskName,
    int Limit,
    IReadOnlyList<string> Running,
    IReadOnlyList<string> Waiting,
    IReadOnlyList<string> Left,
    IReadOnlyList<string>? Ready = null);
