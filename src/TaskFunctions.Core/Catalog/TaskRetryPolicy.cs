using System.Globalization;

namespace TaskFunctions.Catalog;

/// <summary>
/// How a task's handler is retried after it fails: up to <paramref name="MaxAttempts"/> attempts, waiting
/// <paramref name="FirstDelayMs"/> before the second and multiplying the wait by
/// <paramref name="BackoffCoefficient"/> each time, up to <paramref name="MaxDelayMs"/>. Timeouts and
/// cancellations are not retried; all attempts share the execution's timeout.
/// </summary>
/// <param name="MaxAttempts">The most attempts, the first included (at least 1).</param>
/// <param name="FirstDelayMs">The wait before the second attempt, in milliseconds.</param>
/// <param name="BackoffCoefficient">The factor applied to the wait after each retry (at least 1).</param>
/// <param name="MaxDelayMs">The longest wait, in milliseconds.</param>
public sealed record TaskRetryPolicy(int MaxAttempts, int FirstDelayMs, double BackoffCoefficient = 2, int MaxDelayMs = 60_000)
{
    /// <summary>Gets the wait before an attempt.</summary>
    /// <param name="attempt">The attempt about to run (2 or more).</param>
    /// <returns>The wait.</returns>
    public TimeSpan DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 2);
        double ms = FirstDelayMs * Math.Pow(BackoffCoefficient, attempt - 2);
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxDelayMs));
    }

    /// <summary>Gets the sum of every wait between attempts.</summary>
    /// <returns>The total.</returns>
    public TimeSpan TotalDelay()
    {
        TimeSpan total = TimeSpan.Zero;
        for (int attempt = 2; attempt <= MaxAttempts; attempt++)
        {
            total += DelayBefore(attempt);
        }

        return total;
    }

    /// <summary>Checks the policy's values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxAttempts < 1 || FirstDelayMs < 0 || BackoffCoefficient < 1 || MaxDelayMs < FirstDelayMs)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"Invalid retry policy {this}: need MaxAttempts >= 1, FirstDelayMs >= 0, BackoffCoefficient >= 1, MaxDelayMs >= FirstDelayMs."));
        }
    }
}
