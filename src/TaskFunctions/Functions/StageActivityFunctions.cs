using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Functions;

/// <summary>The activity function that runs one stage of an execution.</summary>
public sealed class StageActivityFunctions
{
    private readonly StageRunner _runner;

    /// <summary>Initializes a new instance of the <see cref="StageActivityFunctions"/> class.</summary>
    /// <param name="runner">The stage runner of the core.</param>
    public StageActivityFunctions(StageRunner runner)
    {
        _runner = runner;
    }

    /// <summary>
    /// Runs a stage. The host's shutdown token is deliberately not passed: an interrupted activity is
    /// redelivered by the engine, and the stage's own deadline still applies.
    /// </summary>
    /// <param name="request">The stage and the execution's state.</param>
    /// <param name="client">The durable client: live log batches, and noticing a cancel.</param>
    /// <returns>The entries written, the items after the stage, and the error if the stage failed.</returns>
    [Function(StageRunner.ActivityName)]
    public Task<StageResult> RunStageAsync([ActivityTrigger] StageRequest request, [DurableClient] DurableTaskClient client) =>
        _runner.RunAsync(request, client, CancellationToken.None);
}
