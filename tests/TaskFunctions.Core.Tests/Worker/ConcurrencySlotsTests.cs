using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Protocol;
using TaskFunctions.Worker;

namespace TaskFunctions.Core.Tests.Worker;

public sealed class ConcurrencySlotsTests
{
    private static readonly SlotLease Lease = new("exec-1", "sync", 0);

    private readonly Mock<TaskOrchestrationContext> _context = new(MockBehavior.Strict);
    private readonly List<TaskCompletionSource<string>> _waiters = [];

    public ConcurrencySlotsTests()
    {
        _context
            .Setup(c => c.WaitForExternalEvent<string>(ProtocolNames.ReleaseSlotEvent, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                var waiter = new TaskCompletionSource<string>();
                _waiters.Add(waiter);
                return waiter.Task;
            });
    }

    [Fact]
    public async Task RunAsync_AReleaseNamingItsExecution_ReturnsReleasedWithoutATimer()
    {
        Task<string> run = ConcurrencySlots.RunAsync(_context.Object, Lease);
        Assert.False(run.IsCompleted);

        _waiters[^1].SetResult("exec-1");

        Assert.Equal("released", await run);

        // The strict mock would have thrown on CreateTimer: a slot costs no delayed message.
        _context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task RunAsync_AReleaseNamingAnotherExecution_IsIgnored()
    {
        Task<string> run = ConcurrencySlots.RunAsync(_context.Object, Lease);

        _waiters[^1].SetResult("an-earlier-holder");

        Assert.False(run.IsCompleted);
        Assert.Equal(2, _waiters.Count);

        _waiters[^1].SetResult("exec-1");
        Assert.Equal("released", await run);
    }

    [Fact]
    public void InstanceId_IsPrefixedPerTaskAndIndex()
    {
        Assert.Equal("slot:feishu-sync:0", InstanceIds.Slot("feishu-sync", 0));
        Assert.Equal("slot:feishu-sync:12", InstanceIds.Slot("feishu-sync", 12));
        Assert.StartsWith(InstanceIds.SlotPrefix, InstanceIds.Slot("x", 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NullArguments_AreRejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => ConcurrencySlots.RunAsync(null!, Lease));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ConcurrencySlots.RunAsync(_context.Object, null!));
    }
}
