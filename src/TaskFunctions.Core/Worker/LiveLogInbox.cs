using Microsoft.DurableTask;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// The live log batches sent to one execution. Orchestrator code. Exactly one wait for the event is pending at
/// any time: a second one would take batches meant for the first.
/// </summary>
internal sealed class LiveLogInbox
{
    private readonly TaskOrchestrationContext _context;
    private Task<LiveLogBatch> _next;

    public LiveLogInbox(TaskOrchestrationContext context)
    {
        _context = context;
        _next = Wait();
    }

    /// <summary>Gets a task that completes when the next batch has arrived.</summary>
    public Task Next => _next;

    /// <summary>Takes the batch that has arrived and waits for the one after it.</summary>
    /// <returns>The batch.</returns>
    public LiveLogBatch Take()
    {
        LiveLogBatch batch = _next.Result;
        _next = Wait();
        return batch;
    }

    private Task<LiveLogBatch> Wait() => _context.WaitForExternalEvent<LiveLogBatch>(ProtocolNames.LiveLogEvent);
}
