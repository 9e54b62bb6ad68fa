namespace TaskFunctions.Protocol;

/// <summary>
/// A task's retry policy as an execution stores it, fixed at start: milliseconds, as in the task hub's JSON.
/// </summary>
/// <param name="MaxAttempts">The most attempts, the first included.</param>
/// <param name="FirstDelayMs">The wait before the second attempt.</param>
/// <param name="BackoffCoefficient">The factor applied to the wait after each retry.</param>
/// <param name="MaxDelayMs">The longest wait.</param>
public sealed record RetrySchedule(int MaxAttempts, int FirstDelayMs, double BackoffCoefficient, int MaxDelayMs)
{
    /// <summary>Gets the wait before an attempt.</summary>
    /// <param name="attempt">The attempt about to run (2 or more).</param>
    /// <returns>The wait, in whole milliseconds.</returns>
    public TimeSpan DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 2);
        double ms = FirstDelayMs * Math.Pow(BackoffCoefficient, attempt - 2);
        return TimeSpan.FromMilliseconds(Math.Floor(Math.Min(ms, MaxDelayMs)));
    }
}
