using Microsoft.DurableTask;
using Moq;
using TaskFunctions.Core.Tests.TestSupport;
using TaskFunctions.Orchestration;

namespace TaskFunctions.Core.Tests.Orchestration;

public sealed class ConcurrencySlotsTests
{
    private static readonly SlotLease Lease = new("exec-1", "sync", 0, Requests.Start.AddMinutes(2));

    private readonly Mock<TaskOrchestrationContext> _context = new();
    private readonly TaskCompletionSource _expiry = new();
    private readonly List<TaskCompletionSource<string>> _waiters = [];
    private DateTime? _expiresAt;
    private CancellationToken _expiryToken;

    public ConcurrencySlotsTests()
    {
        _context
            .Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns<DateTime, CancellationToken>((fireAt, token) =>
            {
                _expiresAt = fireAt;
                _expiryToken = token;
                return _expiry.Task;
            });
        _context
            .Setup(c => c.WaitForExternalEvent<string>(ConcurrencySlots.ReleaseEvent, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                var waiter = new TaskCompletionSource<string>();
                _waiters.Add(waiter);
                return waiter.Task;
            });
    }

    [Fact]
    public async Task RunAsync_AReleaseNamingItsExecution_ReturnsReleasedAndCancelsTheExpiryTimer()
    {
        Task<string> run = ConcurrencySlots.RunAsync(_context.Object, Lease);
        Assert.False(run.IsCompleted);

        _waiters[^1].SetResult("exec-1");

        Assert.Equal("released", await run);
        Assert.Equal(Lease.ExpiresAt, _expiresAt);
        Assert.True(_expiryToken.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_AReleaseNamingAnotherExecution_IsIgnored()
    {
        Task<string> run = ConcurrencySlots.RunAsync(_context.Object, Lease);

        _waiters[^1].SetResult("an-earlier-holder");

        Assert.False(run.IsCompleted);
        Assert.Equal(2, _waiters.Count);
        Assert.False(_expiryToken.IsCancellationRequested);

        _waiters[^1].SetResult("exec-1");
        Assert.Equal("released", await run);
    }

    [Fact]
    public async Task RunAsync_WhenTheExpiryTimerWins_ReturnsExpired()
    {
        Task<string> run = ConcurrencySlots.RunAsync(_context.Object, Lease);
        _waiters[^1].SetResult("someone-else");

        _expiry.SetResult();

        Assert.Equal("expired", await run);
        Assert.False(_waiters[^1].Task.IsCompleted);
    }

    [Fact]
    public void InstanceId_IsPrefixedPerTaskAndIndex()
    {
        Assert.Equal("slot:feishu-sync:0", ConcurrencySlots.InstanceId("feishu-sync", 0));
        Assert.Equal("slot:feishu-sync:12", ConcurrencySlots.InstanceId("feishu-sync", 12));
        Assert.StartsWith(ConcurrencySlots.InstanceIdPrefix, ConcurrencySlots.InstanceId("x", 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NullArguments_AreRejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => ConcurrencySlots.RunAsync(null!, Lease));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ConcurrencySlots.RunAsync(_context.Object, null!));
    }
}
