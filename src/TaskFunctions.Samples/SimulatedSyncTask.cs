using System.Globalization;
using TaskFunctions.Catalog;
using TaskFunctions.Execution;

namespace TaskFunctions.Samples;

/// <summary>
/// A sample task that simulates a sync: <c>durationMs</c> split into <c>steps</c>, one info line per step;
/// <c>note</c> is logged first; <c>fail: true</c> throws after the first step (<c>failAttempts: n</c> only in the first n attempts). It stops as
/// soon as its token fires.
/// </summary>
public abstract class SimulatedSyncTask : ITaskHandler
{
    /// <summary>Gets what is being synced, for log lines.</summary>
    protected abstract string Subject { get; }

    /// <inheritdoc/>
    public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        SimulatedSyncParams parameters = context.GetParams<SimulatedSyncParams>();
        if (parameters.DurationMs < 0 || parameters.Steps < 1)
        {
            throw new ArgumentException("params.durationMs must be 0 or more and params.steps 1 or more.");
        }

        if (parameters.Note is { Length: > 0 } note)
        {
            context.Logs.Info($"{Subject}: {note}");
        }

        TimeSpan step = TimeSpan.FromMilliseconds((double)parameters.DurationMs / parameters.Steps);
        for (int i = 1; i <= parameters.Steps; i++)
        {
            await Task.Delay(step, cancellationToken).ConfigureAwait(false);
            context.Logs.Info(
                string.Create(CultureInfo.InvariantCulture, $"{Subject}: 第 {i}/{parameters.Steps} 步完成"),
                new { step = i, steps = parameters.Steps });

            if (i == 1 && (parameters.Fail || context.Attempt <= parameters.FailAttempts))
            {
                throw new InvalidOperationException($"{Subject}: simulated failure after step 1 of attempt {context.Attempt}.");
            }
        }
    }
}
