using System.Globalization;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;

namespace TaskFunctions.Samples;

/// <summary>
/// Sample middleware: after the handler, or when the execution failed, logs how long the execution has run and
/// how many log entries it has written, reading the whole <see cref="TaskContext"/>.
/// </summary>
public sealed class DurationLoggingMiddleware : IAfterTaskMiddleware, IErrorTaskMiddleware
{
    private readonly TimeProvider _clock;

    /// <summary>Initializes a new instance of the <see cref="DurationLoggingMiddleware"/> class.</summary>
    /// <param name="clock">The clock.</param>
    public DurationLoggingMiddleware(TimeProvider clock)
    {
        _clock = clock;
    }

    /// <inheritdoc/>
    public Task OnAfterAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logs.Debug(Describe(context), new { elapsedMs = ElapsedMs(context), logCount = context.Logs.Count + context.Logs.OmittedCount });
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task OnErrorAsync(TaskErrorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Logs.Debug(Describe(context), new { elapsedMs = ElapsedMs(context), error = context.Error.Type });
        return Task.CompletedTask;
    }

    private long ElapsedMs(TaskContext context) => (long)(_clock.GetUtcNow().UtcDateTime - context.StartedAt).TotalMilliseconds;

    private string Describe(TaskContext context) =>
        string.Create(CultureInfo.InvariantCulture, $"执行耗时 {ElapsedMs(context)}ms");
}
