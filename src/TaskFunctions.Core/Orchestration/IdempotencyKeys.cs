using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;

namespace TaskFunctions.Orchestration;

/// <summary>
/// Idempotent starts: the first start with a given <c>Idempotency-Key</c> for a task claims the key by creating
/// an instance with an id derived from the key, whose input is the execution it started. The engine creates an
/// instance id only once, so concurrent repeats all read the same claim and return the same execution.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The claim orchestrator's name.</summary>
    public const string Name = "TaskIdempotencyKey";

    /// <summary>The prefix of every claim's instance id; it never collides with an execution id.</summary>
    public const string InstanceIdPrefix = "key:";

    /// <summary>The longest key accepted.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Gets the instance id of a key's claim.</summary>
    /// <param name="taskName">The task.</param>
    /// <param name="key">The client's key.</param>
    /// <returns>The instance id.</returns>
    public static string InstanceId(string taskName, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return $"{InstanceIdPrefix}{taskName}:{hash}";
    }

    /// <summary>The claim orchestrator: the claim is its input, so there is nothing to do but finish.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="claim">The execution the key started.</param>
    /// <returns>The execution id.</returns>
    public static Task<string> RunAsync(TaskOrchestrationContext context, ExecutionRequest claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Task.FromResult(claim.ExecutionId);
    }
}
