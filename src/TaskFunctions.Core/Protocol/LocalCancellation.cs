using System.Collections.Concurrent;

namespace TaskFunctions.Protocol;

/// <summary>
/// The in-process half of cancellation: the attempts running in this process, by execution id. A cancel made
/// on this host cancels the attempt's token at once, without waiting for the worker to read the instance's
/// status; attempts on other hosts learn of it from that read. One instance per process (a singleton).
/// </summary>
internal sealed class LocalCancellation
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>Gets the execution ids of the attempts running in this process.</summary>
    public ICollection<string> ExecutionIds => _running.Keys;

    /// <summary>Registers a running attempt until the returned handle is disposed.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="cancellation">Cancelled when the execution is cancelled.</param>
    /// <returns>The registration.</returns>
    public IDisposable Register(string executionId, CancellationTokenSource cancellation)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        ArgumentNullException.ThrowIfNull(cancellation);
        _running[executionId] = cancellation;
        return new Registration(this, executionId, cancellation);
    }

    /// <summary>Cancels the attempt of an execution if it runs in this process.</summary>
    /// <param name="executionId">The execution.</param>
    /// <returns>Whether an attempt was running here.</returns>
    public bool Cancel(string executionId)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        if (!_running.TryGetValue(executionId, out CancellationTokenSource? cancellation))
        {
            return false;
        }

        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt ended meanwhile.
        }

        return true;
    }

    private sealed class Registration(LocalCancellation owner, string executionId, CancellationTokenSource cancellation) : IDisposable
    {
        public void Dispose() => owner._running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(executionId, cancellation));
    }
}
