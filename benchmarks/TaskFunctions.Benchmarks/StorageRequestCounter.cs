using System.Diagnostics.Tracing;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// Counts the storage requests this process sends: the Azure SDK writes a <c>Request</c> event on its
/// <c>Azure-Core</c> event source for each one (retries included). Listening makes the SDK format each request
/// for the event, so create it only around the windows it counts.
/// </summary>
internal sealed class StorageRequestCounter : EventListener
{
    private const string SourceName = "Azure-Core";
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Counts the requests sent during a window.</summary>
    public async Task<double> PerSecondAsync(TimeSpan window)
    {
        long before = Requests;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(window);
        return (Requests - before) / watch.Elapsed.TotalSeconds;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Informational, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName == "Request")
        {
            Interlocked.Increment(ref _requests);
        }
    }
}
