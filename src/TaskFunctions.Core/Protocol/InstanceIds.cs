using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskFunctions.Protocol;

/// <summary>
/// The ids of the helper instances an execution uses. Each scheme has a prefix that no execution id (a UUID,
/// see <see cref="ExecutionIds"/>) can start with, so helpers never show up in a task's listing.
/// </summary>
internal static class InstanceIds
{
    /// <summary>The prefix of every concurrency slot's instance id.</summary>
    public const string SlotPrefix = "slot:";

    /// <summary>The prefix of every idempotency key claim's instance id.</summary>
    public const string KeyClaimPrefix = "key:";

    /// <summary>The prefix of every task queue's instance id.</summary>
    public const string QueuePrefix = "queue:";

    /// <summary>The prefix of every archived log chunk's instance id.</summary>
    public const string LogChunkPrefix = "log:";

    /// <summary>Gets the instance id of slot <paramref name="index"/> of a task.</summary>
    /// <param name="taskName">The task.</param>
    /// <param name="index">The slot's index.</param>
    /// <returns>The instance id.</returns>
    public static string Slot(string taskName, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{SlotPrefix}{taskName}:{index}");

    /// <summary>Gets the instance id of the queue of a task whose starts beyond its concurrency limit wait.</summary>
    /// <param name="taskName">The task.</param>
    /// <returns>The instance id.</returns>
    public static string Queue(string taskName) => QueuePrefix + taskName;

    /// <summary>Gets the instance id of the claim of a client's idempotency key for a task.</summary>
    /// <param name="taskName">The task.</param>
    /// <param name="key">The client's key.</param>
    /// <returns>The instance id: the key's SHA-256, so that any key makes a valid id.</returns>
    public static string KeyClaim(string taskName, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return $"{KeyClaimPrefix}{taskName}:{hash}";
    }

    /// <summary>Gets the instance id of one archived chunk of an execution's log.</summary>
    /// <param name="executionId">The execution.</param>
    /// <param name="index">The chunk's position, 0 for the oldest.</param>
    /// <returns>The instance id.</returns>
    public static string LogChunk(string executionId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{LogChunkPrefix}{executionId}:{index:D5}");
}
