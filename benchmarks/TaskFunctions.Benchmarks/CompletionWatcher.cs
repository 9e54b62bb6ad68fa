using System.Diagnostics;
using Microsoft.DurableTask.Client;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// Detects that runs have finished, the same cheap way for both sides: the host's client reads the instance
/// without inputs and outputs (an execution id is its orchestration's instance id).
/// </summary>
internal sealed class CompletionWatcher(DurableTaskClient client)
{
    /// <summary>Pause between reads of one sequential run.</summary>
    public const int SequentialPollMs = 5;

    /// <summary>How many of the oldest pending runs a burst read takes at once.</summary>
    public const int BurstBatch = 10;

    /// <summary>Pause after a burst read that found one of them still running.</summary>
    public const int BurstPollMs = 100;

    public static bool IsFinished(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>Polls one instance until it has finished; returns its final status.</summary>
    public async Task<OrchestrationRuntimeStatus> WaitAsync(string id)
    {
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            OrchestrationMetadata? instance = await client.GetInstanceAsync(id, getInputsAndOutputs: false);
            if (instance is not null && IsFinished(instance.RuntimeStatus))
            {
                return instance.RuntimeStatus;
            }

            if (giveUp.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"{id} still {instance?.RuntimeStatus.ToString() ?? "unknown"} after 2 minutes");
            }

            await Task.Delay(SequentialPollMs);
        }
    }

    /// <summary>The latest time any of the runs was last updated (a finished run: when it finished).</summary>
    public async Task<DateTimeOffset> LastUpdateAsync(IEnumerable<string> ids)
    {
        OrchestrationMetadata?[] instances = await Task.WhenAll(ids.Select(id => client.GetInstanceAsync(id, getInputsAndOutputs: false)));
        return instances.Max(i => i?.LastUpdatedAt ?? DateTimeOffset.MaxValue);
    }

    /// <summary>
    /// Waits until every run of a burst has finished, also while it is still being started: reads the oldest
    /// pending runs, and pauses only while one of them runs. Returns how many ended in each status, and the time
    /// on <paramref name="clock"/> at which the last one was seen finished.
    /// </summary>
    public async Task<(Dictionary<OrchestrationRuntimeStatus, int> Outcomes, TimeSpan LastSeen)> WaitAllAsync(
        PendingRuns pending, Task allStarted, Stopwatch clock)
    {
        Dictionary<OrchestrationRuntimeStatus, int> outcomes = [];
        TimeSpan lastSeen = clock.Elapsed;
        var giveUp = Stopwatch.StartNew();
        while (true)
        {
            bool startsDone = allStarted.IsCompleted;
            string[] batch = pending.Oldest(BurstBatch);
            if (batch.Length == 0 && startsDone)
            {
                await allStarted; // surfaces a failed start
                return (outcomes, lastSeen);
            }

            OrchestrationMetadata?[] instances = await Task.WhenAll(batch.Select(id => client.GetInstanceAsync(id, getInputsAndOutputs: false)));
            TimeSpan readAt = clock.Elapsed;
            bool waiting = batch.Length == 0;
            for (int i = 0; i < batch.Length; i++)
            {
                if (instances[i] is not { } instance || !IsFinished(instance.RuntimeStatus))
                {
                    waiting = true;
                    continue;
                }

                pending.Remove(batch[i], instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed);
                outcomes[instance.RuntimeStatus] = outcomes.GetValueOrDefault(instance.RuntimeStatus) + 1;
                lastSeen = readAt;
            }

            if (giveUp.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException($"{pending.Count} runs still pending after 15 minutes");
            }

            if (waiting)
            {
                await Task.Delay(BurstPollMs);
            }
        }
    }
}

/// <summary>The ids of started runs not yet seen finished, oldest first; also every id started, for random reads.</summary>
internal sealed class PendingRuns
{
    private readonly Lock _lock = new();
    private readonly List<string> _pending = [];
    private readonly List<string> _started = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    public void Add(string id)
    {
        lock (_lock)
        {
            _pending.Add(id);
            _started.Add(id);
        }
    }

    /// <summary>Gets the first few runs seen finished other than completed.</summary>
    public List<string> Unsuccessful { get; } = [];

    public void Remove(string id, bool completed)
    {
        lock (_lock)
        {
            _pending.Remove(id);
            if (!completed && Unsuccessful.Count < 3)
            {
                Unsuccessful.Add(id);
            }
        }
    }

    public string[] Oldest(int count)
    {
        lock (_lock)
        {
            return [.. _pending.Take(count)];
        }
    }

    public string[] AllStarted()
    {
        lock (_lock)
        {
            return [.. _started];
        }
    }

    /// <summary>A random id among those started so far, or null before the first start returned.</summary>
    public string? RandomStarted()
    {
        lock (_lock)
        {
            return _started.Count == 0 ? null : _started[Random.Shared.Next(_started.Count)];
        }
    }
}
