namespace TaskFunctions.Client;

/// <summary>
/// The task hub's storage did not answer in time or refused the call: nothing is known to have happened, and the
/// call may be repeated (a start with an idempotency key is safe to repeat). The HTTP API answers 503.
/// </summary>
public sealed class TaskStoreUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TaskStoreUnavailableException"/> class.</summary>
    public TaskStoreUnavailableException()
        : this("The task store is unavailable.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskStoreUnavailableException"/> class.</summary>
    /// <param name="message">What happened.</param>
    public TaskStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TaskStoreUnavailableException"/> class.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The failure of the storage call.</param>
    public TaskStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
