namespace TaskFunctions.Protocol;

/// <summary>Which middleware stages an execution runs. A stage without middleware costs no activity call.</summary>
/// <param name="Before">Whether before middleware is registered for the task.</param>
/// <param name="After">Whether after middleware is registered for the task.</param>
/// <param name="Error">Whether error middleware is registered for the task.</param>
public sealed record ExecutionPlan(bool Before, bool After, bool Error);
