using TaskFunctions.Protocol;

namespace TaskFunctions.Worker;

/// <summary>
/// The bookkeeping of a task's queue, apart from the engine so it can be tested alone: which executions run, which
/// wait and in what order, and whose turn comes when one leaves. Every message is applied once, in the order the
/// queue's orchestration receives it. The client's join reserves the execution's place in the line; the execution's
/// own join (<see cref="QueueMessage.Ready"/>) says it runs and can be told its turn, which is never sent before. Joining
/// twice is joining once (an execution that joins itself again is told its turn, or its place, again), and a join that
/// arrives after its execution left is ignored.
/// </summary>
internal sealed class TaskQueueBook
{
    /// <summary>How many executions that left the queue it remembers, to ignore a join that arrives after its leave.</summary>
    internal const int RememberedLeaves = 256;

    private readonly string _taskName;
    private readonly List<string> _running;
    private readonly List<string> _waiting;
    private readonly List<string> _left;
    private readonly HashSet<string> _ready;
    private int _limit;

    /// <summary>Initializes a new instance of the <see cref="TaskQueueBook"/> class.</summary>
    /// <param name="state">The state to go on from.</param>
    public TaskQueueBook(TaskQueueState state)
    {
        _taskName = state.TaskName;
        _limit = Math.Max(1, state.Limit);
        _running = [.. state.Running];
        _waiting = [.. state.Waiting];
        _left = [.. state.Left];
        _ready = [.. state.Ready ?? []];
    }

    /// <summary>Gets the state to publish and to go on from.</summary>
    public TaskQueueState State => new(_taskName, _limit, [.. _running], [.. _waiting], [.. _left], [.. _running.Concat(_waiting).Where(_ready.Contains)]);

    /// <summary>Applies one message.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The turns to tell executions, in order: those that may start now, or one that must wait.</returns>
    public IReadOnlyList<(string ExecutionId, QueueTurn Turn)> Apply(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Limit > 0)
        {
            _limit = message.Limit;
        }

        List<(string, QueueTurn)> turns = [];
        string id = message.ExecutionId;
        if (message.Kind == QueueMessageKind.Join)
        {
            if (_left.Contains(id))
            {
                return turns;
            }

            if (message.Ready)
            {
                _ready.Add(id);
            }

            if (_running.Contains(id))
            {
                // Its turn came before it could be told, or the turn it was told was lost on the way.
                if (message.Ready)
                {
                    turns.Add((id, QueueTurn.Now));
                }

                return turns;
            }

            if (!_waiting.Contains(id))
            {
                _waiting.Add(id);
            }
        }
        else
        {
            _ready.Remove(id);
            if (_running.Remove(id) || _waiting.Remove(id))
            {
                _left.Add(id);
                if (_left.Count > RememberedLeaves)
                {
                    _left.RemoveAt(0);
                }
            }
        }

        while (_running.Count < _limit && _waiting.Count > 0)
        {
            string next = _waiting[0];
            _waiting.RemoveAt(0);
            _running.Add(next);
            if (_ready.Contains(next))
            {
                turns.Add((next, QueueTurn.Now));
            }
        }

        if (message.Kind == QueueMessageKind.Join && message.Ready && _waiting.IndexOf(id) is int place and >= 0)
        {
            turns.Add((id, new QueueTurn(false, [.. _running], place + 1)));
        }

        return turns;
    }
}
