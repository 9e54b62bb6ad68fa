using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>Running user code: the stages of an attempt, the error middleware, and a handler that will not stop.</summary>
internal sealed partial class AttemptRunner
{
    /// <summary>Runs before middleware (first attempt), handler and after middleware; returns what failed them, if anything.</summary>
    private async Task<Exception?> RunStagesAsync(AttemptRun run, CancellationToken cancellationToken)
    {
        TaskContext context = run.Context;
        ExecutionPlan plan = run.Execution.Plan;
        Activity? span = null;
        try
        {
            await using AsyncServiceScope scope = _scopes.CreateAsyncScope();
            if (run.Attempt == 1 && plan.Before)
            {
                context.Stage = ExecutionStage.Before;
                span = AttemptTelemetry.StartStage(run, ExecutionStage.Before);
                await _pipeline.RunBeforeAsync(context, scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
                run.ItemsForNextAttempt = context.Items.ToDictionary();
                AttemptTelemetry.Succeed(ref span);
            }

            context.Stage = ExecutionStage.Handler;
            span = AttemptTelemetry.StartStage(run, ExecutionStage.Handler);
            if (!_catalog.TryGet(run.Execution.TaskName, out TaskDefinition? task))
            {
                throw new InvalidOperationException($"The task '{run.Execution.TaskName}' is not registered on this host.");
            }

            var handler = (ITaskHandler)scope.ServiceProvider.GetRequiredService(task.HandlerType);
            await handler.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);

            // A handler that returns after its token fired has been left behind: nothing more of it runs.
            cancellationToken.ThrowIfCancellationRequested();
            AttemptTelemetry.Succeed(ref span);
            if (plan.After)
            {
                context.Stage = ExecutionStage.After;
                span = AttemptTelemetry.StartStage(run, ExecutionStage.After);
                await _pipeline.RunAfterAsync(context, scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
                AttemptTelemetry.Succeed(ref span);
            }

            return null;
        }
        catch (Exception ex)
        {
            AttemptTelemetry.Fail(span, ex);
            return ex;
        }
    }

    /// <summary>Runs the error middleware, bounded by <see cref="WorkerOptions.ErrorStageTimeout"/>.</summary>
    private async Task RunErrorStageAsync(AttemptRun run, TaskError error, CancellationToken cancelled)
    {
        if (!run.Execution.Plan.Error)
        {
            return;
        }

        var context = new TaskErrorContext(run.Context, error);
        using var timeout = new CancellationTokenSource(_options.ErrorStageTimeout, _clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancelled);
        Task stage = RunErrorMiddlewareAsync(run, context, stop.Token);
        await ReturnsInTimeAsync(stage, stop.Token).ConfigureAwait(false);
    }

    private async Task RunErrorMiddlewareAsync(AttemptRun run, TaskErrorContext context, CancellationToken cancellationToken)
    {
        Activity? span = AttemptTelemetry.StartStage(run, ExecutionStage.Error);
        try
        {
            await using AsyncServiceScope scope = _scopes.CreateAsyncScope();
            await _pipeline.RunErrorAsync(context, scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            AttemptTelemetry.Succeed(ref span);
        }
        catch (Exception ex)
        {
            AttemptTelemetry.Fail(span, ex);
            throw;
        }
    }

    /// <summary>
    /// Waits for user code; once its token has fired, waits at most <see cref="WorkerOptions.StopGracePeriod"/> more.
    /// </summary>
    /// <returns>Whether it returned.</returns>
    private async Task<bool> ReturnsInTimeAsync(Task work, CancellationToken stop)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (stop.Register(() => stopped.TrySetResult()))
        {
            if (await Task.WhenAny(work, stopped.Task).ConfigureAwait(false) == work)
            {
                return true;
            }
        }

        using var grace = new CancellationTokenSource();
        Task waited = await Task.WhenAny(work, Task.Delay(_options.StopGracePeriod, _clock, grace.Token)).ConfigureAwait(false);
        await grace.CancelAsync().ConfigureAwait(false);
        return waited == work;
    }

    /// <summary>Sends what an abandoned handler writes after the attempt ended, once it returns.</summary>
    private async Task ForwardLateEntriesAsync(DurableTaskClient client, AttemptRun run, Task stages, int reported)
    {
        try
        {
            await stages.ConfigureAwait(false);
            var late = new LiveLogBatch(run.Attempt, run.RunId, reported, run.Context.Logs.WrittenSince(reported));
            await client.RaiseEventAsync(run.ExecutionId, ProtocolNames.LateLogEvent, late).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.LateEntriesSendFailed(_logger, run.ExecutionId, ex);
        }
    }
}
