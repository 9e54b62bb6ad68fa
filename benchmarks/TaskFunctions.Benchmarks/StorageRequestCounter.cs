using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// Counts the storage requests this process sends: the Azure SDK writes a <c>Request</c> event on its
/// <c>Azure-Core</c> event source for each one (retries included). Listening makes the SDK format each request
/// for the event, so create it only around the windows it counts. Each request is also counted by what it does
/// (<see cref="Category"/>), from its method, its URI and the SDK client that sent it.
/// </summary>
internal sealed class StorageRequestCounter : EventListener
{
    private const string SourceName = "Azure-Core";
    private readonly ConcurrentDictionary<string, long> _byCategory = new(StringComparer.Ordinal);
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

    /// <summary>The requests counted so far in each category.</summary>
    public Dictionary<string, long> ByCategory() => new(_byCategory, StringComparer.Ordinal);

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
            _byCategory.AddOrUpdate(Categorize(eventData), 1, (_, count) => count + 1);
        }
    }

    private static string Categorize(EventWrittenEventArgs eventData)
    {
        string Payload(string name) =>
            eventData.PayloadNames?.IndexOf(name) is int index and >= 0 ? eventData.Payload?[index]?.ToString() ?? string.Empty : string.Empty;

        string method = Payload("method");
        string path = Uri.TryCreate(Payload("uri"), UriKind.Absolute, out Uri? uri) ? uri.AbsolutePath : string.Empty;
        string resource = path[(path.LastIndexOf('/') + 1)..].Split('(')[0]; // a table's name, or a queue's or blob's last segment
        return Payload("clientAssembly") switch
        {
            "Azure.Storage.Queues" when method == "GET" && path.EndsWith("/messages", StringComparison.Ordinal) => Category.QueuePoll,
            "Azure.Storage.Queues" => Category.QueueMessage,
            "Azure.Data.Tables" when resource.EndsWith("Partitions", StringComparison.Ordinal) => Category.Lease,
            "Azure.Data.Tables" when method == "GET" => Category.TableRead,
            "Azure.Data.Tables" => Category.TableWrite,
            "Azure.Storage.Blobs" when path.Contains("lease", StringComparison.OrdinalIgnoreCase) => Category.Lease,
            "Azure.Storage.Blobs" => Category.Blob,
            _ => Category.Other,
        };
    }

    /// <summary>What a request does, as far as its method, URI and client tell.</summary>
    public static class Category
    {
        /// <summary>Reads of the instances and history tables (queries included).</summary>
        public const string TableRead = "table reads";

        /// <summary>Inserts, updates, merges and batches on the instances and history tables.</summary>
        public const string TableWrite = "table writes";

        /// <summary>Messages sent, deleted or updated on the control and work-item queues.</summary>
        public const string QueueMessage = "queue message sends, deletes, updates";

        /// <summary>Receives on the control and work-item queues: the dispatchers' polling, found something or not.</summary>
        public const string QueuePoll = "queue polls (receive)";

        /// <summary>Partition leases (the partitions table) and blob leases: the engine's background ownership.</summary>
        public const string Lease = "partition and app leases";

        /// <summary>Other blob requests (large payloads).</summary>
        public const string Blob = "blobs (large payloads)";

        public const string Other = "other";

        public static readonly string[] All = [TableRead, TableWrite, QueueMessage, QueuePoll, Lease, Blob, Other];
    }
}
