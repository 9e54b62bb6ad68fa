using System.Collections.Concurrent;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;

namespace TaskFunctions.Core.Tests.TestSupport;

/// <summary>
/// What the scripted handler and middleware do, and what they saw. A test registers the scripted types it needs
/// (so the execution plan follows) and sets their behaviour here; every call is recorded in order, with its context.
/// </summary>
internal sealed class Script
{
    /// <summary>Gets or sets what the handler does; by default nothing.</summary>
    public Func<TaskContext, CancellationToken, Task> Handler { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Gets or sets what the before middleware does; by default nothing.</summary>
    public Func<TaskContext, CancellationToken, Task> Before { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Gets or sets what the after middleware does; by default nothing.</summary>
    public Func<TaskContext, CancellationToken, Task> After { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Gets or sets what the error middleware does; by default nothing.</summary>
    public Func<TaskErrorContext, CancellationToken, Task> Error { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>Gets every call, in order: "before", "handler", "after", "error".</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Gets the context of every call, in the order of <see cref="Calls"/>.</summary>
    public ConcurrentQueue<TaskContext> Contexts { get; } = new();

    /// <summary>Gets the token each call was given, by call name (the last one wins).</summary>
    public ConcurrentDictionary<string, CancellationToken> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets a task that completes when the handler has been called.</summary>
    public TaskCompletionSource HandlerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes when the handler has returned or thrown.</summary>
    public TaskCompletionSource HandlerEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string[] CallList => [.. Calls];

    public CancellationToken HandlerToken => Tokens.TryGetValue("handler", out CancellationToken token) ? token : CancellationToken.None;

    internal async Task RunAsync<TContext>(string name, Func<TContext, CancellationToken, Task> action, TContext context, CancellationToken cancellationToken)
        where TContext : TaskContext
    {
        Contexts.Enqueue(context);
        Tokens[name] = cancellationToken;
        Calls.Enqueue(name);
        await action(context, cancellationToken);
    }
}

internal sealed class ScriptedHandler(Script script) : ITaskHandler
{
    public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        script.HandlerStarted.TrySetResult();
        try
        {
            await script.RunAsync("handler", script.Handler, context, cancellationToken);
        }
        finally
        {
            script.HandlerEnded.TrySetResult();
        }
    }
}

internal sealed class ScriptedBefore(Script script) : IBeforeTaskMiddleware
{
    public Task OnBeforeAsync(TaskContext context, CancellationToken cancellationToken) =>
        script.RunAsync("before", script.Before, context, cancellationToken);
}

internal sealed class ScriptedAfter(Script script) : IAfterTaskMiddleware
{
    public Task OnAfterAsync(TaskContext context, CancellationToken cancellationToken) =>
        script.RunAsync("after", script.After, context, cancellationToken);
}

internal sealed class ScriptedError(Script script) : IErrorTaskMiddleware
{
    public Task OnErrorAsync(TaskErrorContext context, CancellationToken cancellationToken) =>
        script.RunAsync("error", script.Error, context, cancellationToken);
}
