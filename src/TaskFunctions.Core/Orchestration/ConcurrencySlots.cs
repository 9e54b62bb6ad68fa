using System.Globalization;
using Microsoft.DurableTask;

namespace TaskFunctions.Orchestration;

/// <summary>
/// The concurrency limit of a task, kept by the engine itself: slot <c>k</c> of a task is an orchestration
/// instance with a fixed id that runs while an execution holds it. Starting an instance whose id is already
/// running is refused atomically by the storage provider, so of many simultaneous starts exactly one gets a
/// slot. The execution releases its slot when it ends; a cancel releases it too; a start that finds a slot held
/// by an execution that has ended frees it; and a slot frees itself at its lease's expiry.
/// </summary>
public static class ConcurrencySlots
{
    /// <summary>The slot orchestrator's name.</summary>
    public const string Name = "TaskConcurrencySlot";

    /// <summary>The event that releases a slot; its payload is the execution id.</summary>
    public const string ReleaseEvent = "release";

    /// <summary>The prefix of every slot's instance id; it never collides with an execution id.</summary>
    public const string InstanceIdPrefix = "slot:";

    /// <summary>The highest concurrency limit a task may set.</summary>
    public const int MaxLimit = 16;

    /// <summary>How long a slot outlives its execution's timeout and retries, at most.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(1);

    /// <summary>How long a slot may wait for its execution to be created before it counts as abandoned.</summary>
    public static readonly TimeSpan StartGracePeriod = TimeSpan.FromSeconds(30);

    /// <summary>How long a start waits for a finished execution's release to reach its slot.</summary>
    public static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(10);

    /// <summary>Gets the instance id of a slot.</summary>
    /// <param name="taskName">The task.</param>
    /// <param name="index">The slot's index.</param>
    /// <returns>The instance id.</returns>
    public static string InstanceId(string taskName, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstanceIdPrefix}{taskName}:{index}");

    /// <summary>The slot orchestrator: runs until its execution releases it or the lease expires.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="lease">The lease.</param>
    /// <returns>"released" or "expired".</returns>
    public static async Task<string> RunAsync(TaskOrchestrationContext context, SlotLease lease)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(lease);
        using var expiryCancellation = new CancellationTokenSource();
        Task expiry = context.CreateTimer(lease.ExpiresAt, expiryCancellation.Token);
        while (true)
        {
            Task<string> release = context.WaitForExternalEvent<string>(ReleaseEvent);
            if (await Task.WhenAny(release, expiry) == expiry)
            {
                return "expired";
            }

            // A late release from an earlier holder of this slot is ignored.
            if (release.Result == lease.ExecutionId)
            {
                expiryCancellation.Cancel();
                return "released";
            }
        }
    }
}
