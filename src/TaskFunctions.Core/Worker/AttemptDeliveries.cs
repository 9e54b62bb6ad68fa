using System.Collections.Concurrent;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// The attempts a host's storage provider hands out a second time. An attempt's activity message that comes again
/// was taken by a host that died (or stopped) before finishing it, so the attempt runs again: its log says so even
/// when the earlier run had not yet shown any entry. The local host's Azure Storage backend records the queue's
/// delivery count here as it takes each activity; where nothing records it (the Functions app, the in-memory backend),
/// a run is reported as run again only when an earlier run of it had shown entries.
/// </summary>
public sealed class AttemptDeliveries
{
    private readonly ConcurrentDictionary<string, long> _again = new(StringComparer.Ordinal);

    /// <summary>Records how many times the host's storage has handed out an activity message, this time included.</summary>
    /// <param name="activityName">The activity's name: only attempt activities are kept.</param>
    /// <param name="instanceId">The orchestration that scheduled it (the execution).</param>
    /// <param name="deliveryCount">How many times the message has been taken from its queue.</param>
    public void Record(string activityName, string instanceId, long deliveryCount)
    {
        ArgumentNullException.ThrowIfNull(activityName);
        ArgumentNullException.ThrowIfNull(instanceId);
        if (deliveryCount > 1 && string.Equals(activityName, ProtocolNames.AttemptActivity, StringComparison.Ordinal))
        {
            _again[instanceId] = deliveryCount;
        }
    }

    /// <summary>Whether the attempt of the execution that is about to run was handed out before; forgets it.</summary>
    /// <param name="executionId">The execution.</param>
    /// <returns>Whether it runs again.</returns>
    internal bool TakeRunsAgain(string executionId) => _again.TryRemove(executionId, out _);
}
