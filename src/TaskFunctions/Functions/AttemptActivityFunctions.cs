using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using TaskFunctions.Internal;
using TaskFunctions.Protocol;

namespace TaskFunctions.Functions;

/// <summary>The activity function that runs one attempt of an execution: middleware and handler.</summary>
public sealed class AttemptActivityFunctions
{
    private readonly TaskHubActivities _activities;

    /// <summary>Initializes a new instance of the <see cref="AttemptActivityFunctions"/> class.</summary>
    /// <param name="activities">The activities of the core.</param>
    public AttemptActivityFunctions(TaskHubActivities activities)
    {
        _activities = activities;
    }

    /// <summary>
    /// Runs an attempt. The host's shutdown token is deliberately not passed: an interrupted activity is
    /// redelivered by the engine, and the execution's own deadline still applies.
    /// </summary>
    /// <param name="request">The attempt and the execution's state.</param>
    /// <param name="client">The durable client: live log batches, and noticing a cancel made on another instance.</param>
    /// <returns>How the attempt ended, with every entry it wrote.</returns>
    [Function(ProtocolNames.AttemptActivity)]
    public Task<AttemptResult> RunAttemptAsync([ActivityTrigger] AttemptRequest request, [DurableClient] DurableTaskClient client) =>
        _activities.RunAttemptAsync(request, client);
}
