using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace TaskFunctions.Orchestration;

/// <summary>The stage activity as a Durable Task SDK activity class, for hosts that register tasks with a <see cref="DurableTaskRegistry"/>.</summary>
[DurableTask(StageRunner.ActivityName)]
public sealed class StageActivity : TaskActivity<StageRequest, StageResult>
{
    private readonly StageRunner _runner;
    private readonly DurableTaskClient _client;

    /// <summary>Initializes a new instance of the <see cref="StageActivity"/> class.</summary>
    /// <param name="runner">The stage runner.</param>
    /// <param name="client">The durable client of the host.</param>
    public StageActivity(StageRunner runner, DurableTaskClient client)
    {
        _runner = runner;
        _client = client;
    }

    /// <inheritdoc/>
    public override Task<StageResult> RunAsync(TaskActivityContext context, StageRequest input) =>
        _runner.RunAsync(input, _client, CancellationToken.None);
}
