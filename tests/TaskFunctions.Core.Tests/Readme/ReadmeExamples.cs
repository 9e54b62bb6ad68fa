#pragma warning disable SA1649, SA1402, CA1812 // The README's examples, kept as the README shows them.
using TaskFunctions.Catalog;
using TaskFunctions.Client;
using TaskFunctions.Execution;
using TaskFunctions.Middleware;
using static TaskFunctions.Core.Tests.Readme.ReportBuilder;

namespace TaskFunctions.Core.Tests.Readme;

public sealed class ReportParams
{
    public int Month { get; set; }
}

// README: Adding a task
public sealed class ReportTask : ITaskHandler
{
    public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ReportParams p = context.GetParams<ReportParams>();      // the request's "params"
        context.Logs.Info("building report", new { p.Month });   // visible through the status API
        await BuildAsync(p, cancellationToken);                  // stop when the token fires
        context.Items.Set("rows", 1200);                         // handed to after/error middleware
    }
}

public static class ReportBuilder
{
    public static Task BuildAsync(ReportParams p, CancellationToken cancellationToken) =>
        p.Month < 0 ? throw new ArgumentOutOfRangeException(nameof(p), "no such month") : Task.Delay(1, cancellationToken);
}

// README: Adding middleware
public sealed class AuditMiddleware : IBeforeTaskMiddleware, IErrorTaskMiddleware
{
    public Task OnBeforeAsync(TaskContext context, CancellationToken ct)
    {
        context.Items.Set("startedBy", context.Trigger.ToString());
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(TaskErrorContext context, CancellationToken ct)
    {
        context.Logs.Warn("notifying on-call", new { context.Error.Type, context.Error.Message });
        return Task.CompletedTask;
    }
}

// README: Starting and cancelling from code
public sealed class NightlySync(TaskExecutionClient executions)
{
    public async Task<string?> RunAsync(CancellationToken ct)
    {
        StartResult started = await executions.StartAsync("feishu-sync", new StartRequest(TriggerKind.Api, idempotencyKey: $"nightly-{DateTime.UtcNow:yyyyMMdd}"), ct);
        return started.Execution?.ExecutionId; // null when the task is at its concurrency limit
    }
}

// README: Adding middleware (secrets)
public sealed class RedactSecrets : IBeforeTaskMiddleware
{
    public Task OnBeforeAsync(TaskContext context, CancellationToken ct)
    {
        context.Logs.RedactFields("token", "password");
        return Task.CompletedTask;
    }
}
