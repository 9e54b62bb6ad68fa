using Microsoft.DurableTask;

namespace TaskFunctions.Orchestration;

/// <summary>The stage activity as a Durable Task SDK activity class, for hosts that register tasks with a <see cref="DurableTaskRegistry"/>.</summary>
[DurableTask(StageRunner.ActivityName)]
public sealed class StageActivity : TaskActivity<StageRequest, StageResult>
{
    private readonly StageRunner _runner;

    /// <summary>Initializes a new instance of the <see cref="StageActivity"/> class.</summary>
    /// <param name="runner">The stage runner.</param>
    public StageActivity(StageRunner runner)
    {
        _runner = runner;
    }

    /// <inheritdoc/>
    public override Task<StageResult> RunAsync(TaskActivityContext context, StageRequest input) =>
        _runner.RunAsync(input, CancellationToken.None);
}
