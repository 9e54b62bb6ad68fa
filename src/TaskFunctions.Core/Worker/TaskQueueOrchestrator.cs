using Microsoft.DurableTask;
using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// The queue of a task whose starts beyond its concurrency limit wait (instance id <see cref="InstanceIds.Queue"/>):
/// an eternal orchestration that receives joins and leaves one at a time, in the order they arrive, so turns are
/// handed out without races on every backend. It publishes its state as custom status and starts a new generation
/// every <see cref="MessagesPerGeneration"/> messages to keep its history short. It sets no timer; idle, it costs nothing.
/// </summary>
internal static class TaskQueueOrchestrator
{
    /// <summary>How many messages one generation handles before it continues as new.</summary>
    internal const int MessagesPerGeneration = 100;

    /// <summary>Runs one generation of a task's queue.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="state">The state the previous generation left, or an empty queue.</param>
    /// <returns>Never returns a value a caller reads: the orchestration continues as new.</returns>
    public static async Task<string> RunAsync(TaskOrchestrationContext context, TaskQueueState state)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(state);
        var book = new TaskQueueBook(state);
        context.SetCustomStatus(book.State);
        for (int handled = 0; handled < MessagesPerGeneration; handled++)
        {
            QueueMessage message = await context.WaitForExternalEvent<QueueMessage>(ProtocolNames.QueueEvent);
            foreach ((string executionId, QueueTurn turn) in book.Apply(message))
            {
                context.SendEvent(executionId, ProtocolNames.TurnEvent, turn);
            }

            context.SetCustomStatus(book.State);
        }

        // Messages that arrived meanwhile are kept for the next generation.
        context.ContinueAsNew(book.State, preserveUnprocessedEvents: true);
        return "continued";
    }
}
