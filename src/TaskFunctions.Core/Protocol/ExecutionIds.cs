using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskFunctions.Protocol;

/// <summary>
/// Execution ids: RFC 9562 version-8 UUIDs laid out so that the engine's own instance index serves listing.
/// <code>
///   hhhhhhhh-tttt-8ttt-8ttt-rrrrrrrrrrrr
///   h: FNV-1a hash of the task name (a task's executions share the prefix "hhhhhhhh-")
///   t: 40 bits of (2^40 - 1 - milliseconds since 2025-01-01), so that ids sort newest first
///   r: 48 random bits
/// </code>
/// A task's executions are therefore a prefix range of instance ids, ordered newest first, which is how
/// Azure Storage returns a prefix query: listing one task reads only that task's rows.
/// </summary>
internal static class ExecutionIds
{
    private const long MaxTime = (1L << 40) - 1;
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Creates a new execution id.</summary>
    /// <param name="taskName">The task the execution runs.</param>
    /// <param name="utcNow">The current time (UTC).</param>
    /// <returns>The id, a lower-case UUID.</returns>
    public static string New(string taskName, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        long elapsed = Math.Clamp((long)(utcNow - Epoch).TotalMilliseconds, 0, MaxTime);
        string time = (MaxTime - elapsed).ToString("x10", CultureInfo.InvariantCulture);
        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        return $"{TaskPrefix(taskName)}{time[..4]}-8{time[4..7]}-8{time[7..]}-{Convert.ToHexStringLower(random)}";
    }

    /// <summary>Gets the instance id prefix shared by all executions of a task.</summary>
    /// <param name="taskName">The task.</param>
    /// <returns>The prefix, eight hex digits and a dash.</returns>
    public static string TaskPrefix(string taskName)
    {
        ArgumentNullException.ThrowIfNull(taskName);
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(taskName))
        {
            hash = (hash ^ b) * 16777619;
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture) + "-";
    }

    /// <summary>Reads a client-supplied execution id: any UUID, in any of the usual formats.</summary>
    /// <param name="value">The text.</param>
    /// <param name="executionId">The id in canonical form (lower-case, dashed).</param>
    /// <returns>Whether the text is a UUID.</returns>
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? executionId)
    {
        if (Guid.TryParse(value, out Guid guid))
        {
            executionId = guid.ToString("D");
            return true;
        }

        executionId = null;
        return false;
    }

    /// <summary>Checks that no two tasks share an execution id prefix: listing relies on each task owning its own.</summary>
    /// <param name="taskNames">The task names.</param>
    /// <exception cref="ArgumentException">Two names hash to the same prefix.</exception>
    public static void EnsureDistinctPrefixes(IEnumerable<string> taskNames)
    {
        ArgumentNullException.ThrowIfNull(taskNames);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in taskNames)
        {
            if (!owners.TryAdd(TaskPrefix(name), name) && owners[TaskPrefix(name)] != name)
            {
                throw new ArgumentException($"The tasks '{owners[TaskPrefix(name)]}' and '{name}' share an execution id prefix; rename one.", nameof(taskNames));
            }
        }
    }

    /// <summary>Finds which of some tasks an execution id belongs to, from the id's task prefix.</summary>
    /// <param name="executionId">A canonical execution id.</param>
    /// <param name="taskNames">The task names.</param>
    /// <returns>The task name, or <see langword="null"/>.</returns>
    public static string? TaskOf(string executionId, IEnumerable<string> taskNames)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        ArgumentNullException.ThrowIfNull(taskNames);
        return taskNames.FirstOrDefault(name => executionId.Length > TaskPrefix(name).Length && executionId.StartsWith(TaskPrefix(name), StringComparison.Ordinal));
    }
}
