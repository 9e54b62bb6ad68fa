using Microsoft.DurableTask.Client;
using TaskFunctions.Execution;
using TaskFunctions.Protocol;

namespace TaskFunctions.Core.Tests.Protocol;

public sealed class ExecutionStatusesTests
{
    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed, ExecutionStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed, ExecutionStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, ExecutionStatus.Cancelled)]
    [InlineData(OrchestrationRuntimeStatus.Running, ExecutionStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending, ExecutionStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, ExecutionStatus.Running)]
    public void From_WithoutSnapshot(OrchestrationRuntimeStatus runtime, ExecutionStatus expected)
    {
        Assert.Equal(expected, ExecutionStatuses.From(runtime, null));
    }

    [Fact]
    public void From_ObsoleteCanceled_IsCancelled()
    {
#pragma warning disable CS0618 // The engine may still report the obsolete status.
        Assert.Equal(ExecutionStatus.Cancelled, ExecutionStatuses.From(OrchestrationRuntimeStatus.Canceled, null));
#pragma warning restore CS0618
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, ExecutionStatus.Failed, ExecutionStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Pending, ExecutionStatus.Failed, ExecutionStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Running, ExecutionStatus.Completed, ExecutionStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Running, ExecutionStatus.Running, ExecutionStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, ExecutionStatus.Running, ExecutionStatus.Cancelled)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, ExecutionStatus.Failed, ExecutionStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, ExecutionStatus.Completed, ExecutionStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Completed, ExecutionStatus.Running, ExecutionStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed, ExecutionStatus.Running, ExecutionStatus.Failed)]
    public void From_ADecidedSnapshotCounts_OtherwiseTheEngine(
        OrchestrationRuntimeStatus runtime,
        ExecutionStatus snapshotStatus,
        ExecutionStatus expected)
    {
        var snapshot = new ExecutionSnapshot(snapshotStatus, null, [], 0, 0);

        Assert.Equal(expected, ExecutionStatuses.From(runtime, snapshot));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Pending, true)]
    [InlineData(OrchestrationRuntimeStatus.Running, true)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, true)]
    [InlineData(OrchestrationRuntimeStatus.Completed, false)]
    [InlineData(OrchestrationRuntimeStatus.Failed, false)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, false)]
    public void IsActive_RuntimeStatus_IsTrueOnlyForPendingRunningAndSuspended(OrchestrationRuntimeStatus runtime, bool expected)
    {
        Assert.Equal(expected, ExecutionStatuses.IsActive(runtime));
    }

    [Fact]
    public void RuntimeStatusesOf_CoverEveryRuntimeStatusThatMapsToTheStatus()
    {
        // The execution orchestrator never continues as new, and Canceled is obsolete (queries use Terminated).
        OrchestrationRuntimeStatus[] all =
        [
            OrchestrationRuntimeStatus.Pending,
            OrchestrationRuntimeStatus.Running,
            OrchestrationRuntimeStatus.Suspended,
            OrchestrationRuntimeStatus.Completed,
            OrchestrationRuntimeStatus.Failed,
            OrchestrationRuntimeStatus.Terminated,
        ];

        // The orchestrator publishes running, completed or failed; only the engine knows about cancellation.
        ExecutionStatus[] snapshots = [ExecutionStatus.Running, ExecutionStatus.Completed, ExecutionStatus.Failed];

        foreach (ExecutionStatus status in Enum.GetValues<ExecutionStatus>())
        {
            IReadOnlyList<OrchestrationRuntimeStatus> queried = ExecutionStatuses.RuntimeStatusesOf(status);
            foreach (OrchestrationRuntimeStatus runtime in all)
            {
                bool canMap = snapshots.Any(s => ExecutionStatuses.From(runtime, new ExecutionSnapshot(s, null, [], 0, 0)) == status);
                if (canMap)
                {
                    Assert.Contains(runtime, queried);
                }
            }
        }
    }

    [Fact]
    public void RuntimeStatusesOf_Examples()
    {
        Assert.Equal(ExecutionStatuses.Active, ExecutionStatuses.RuntimeStatusesOf(ExecutionStatus.Running));
        Assert.Equal([OrchestrationRuntimeStatus.Terminated], ExecutionStatuses.RuntimeStatusesOf(ExecutionStatus.Cancelled));
        Assert.Contains(OrchestrationRuntimeStatus.Failed, ExecutionStatuses.RuntimeStatusesOf(ExecutionStatus.Failed));
        Assert.DoesNotContain(OrchestrationRuntimeStatus.Completed, ExecutionStatuses.RuntimeStatusesOf(ExecutionStatus.Failed));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionStatuses.RuntimeStatusesOf((ExecutionStatus)99));
    }
}
