namespace TaskFunctions.Orchestration;

/// <summary>Limits the engine imposes on an execution's state.</summary>
public static class ExecutionLimits
{
    /// <summary>
    /// The most characters of JSON an orchestration's custom status may hold: 16 KB of UTF-16 text, the
    /// Durable Functions limit (Azure Table Storage refuses larger values).
    /// </summary>
    public const int CustomStatusMaxChars = 8 * 1024;

    /// <summary>The part of the custom status left for log entries, after the status fields.</summary>
    public const int LogBudgetChars = CustomStatusMaxChars - 512;

    /// <summary>How long the error stage may run, since it runs after the execution's deadline may have passed.</summary>
    public static readonly TimeSpan ErrorStageTimeout = TimeSpan.FromSeconds(30);
}
