using TaskFunctions.Execution;

namespace TaskFunctions.Middleware;

/// <summary>A middleware type and the tasks it applies to.</summary>
internal sealed class MiddlewareRegistration
{
    private readonly HashSet<string>? _tasks;

    /// <summary>Initializes a new instance of the <see cref="MiddlewareRegistration"/> class.</summary>
    /// <param name="type">A type implementing one or more of the middleware interfaces.</param>
    /// <param name="tasks">The task names it applies to; empty for every task.</param>
    public MiddlewareRegistration(Type type, IEnumerable<string> tasks)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(tasks);
        Type = type;
        Before = typeof(IBeforeTaskMiddleware).IsAssignableFrom(type);
        After = typeof(IAfterTaskMiddleware).IsAssignableFrom(type);
        Error = typeof(IErrorTaskMiddleware).IsAssignableFrom(type);
        if (!Before && !After && !Error)
        {
            throw new ArgumentException(
                $"{type.FullName} implements none of {nameof(IBeforeTaskMiddleware)}, {nameof(IAfterTaskMiddleware)}, {nameof(IErrorTaskMiddleware)}.",
                nameof(type));
        }

        HashSet<string> names = new(tasks, StringComparer.Ordinal);
        _tasks = names.Count == 0 ? null : names;
    }

    /// <summary>Gets the middleware type.</summary>
    public Type Type { get; }

    /// <summary>Gets a value indicating whether it runs before the handler.</summary>
    public bool Before { get; }

    /// <summary>Gets a value indicating whether it runs after the handler succeeded.</summary>
    public bool After { get; }

    /// <summary>Gets a value indicating whether it runs when the execution failed.</summary>
    public bool Error { get; }

    /// <summary>Tells whether the middleware runs in a stage of a task.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="taskName">The task.</param>
    /// <returns>Whether it runs.</returns>
    public bool RunsIn(ExecutionStage stage, string taskName) =>
        (_tasks is null || _tasks.Contains(taskName)) && stage switch
        {
            ExecutionStage.Before => Before,
            ExecutionStage.After => After,
            ExecutionStage.Error => Error,
            _ => false,
        };
}
