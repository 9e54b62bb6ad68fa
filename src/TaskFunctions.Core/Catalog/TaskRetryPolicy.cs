using System.Globalization;

namespace TaskFunctions.Catalog;

/// <summary>
/// How a task's handler is retried after it fails: up to <see cref="MaxAttempts"/> attempts, waiting
/// <see cref="FirstDelay"/> before the second and multiplying the wait by <see cref="BackoffCoefficient"/> each
/// time, up to <see cref="MaxDelay"/>. Timeouts and cancellations are not retried; all attempts share the
/// execution's timeout. Waits are counted in whole milliseconds.
/// </summary>
public sealed class TaskRetryPolicy
{
    /// <summary>The longest wait a policy may set between attempts (the most milliseconds an <see cref="int"/> holds).</summary>
    public static readonly TimeSpan MaxAllowedDelay = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Initializes a new instance of the <see cref="TaskRetryPolicy"/> class.</summary>
    /// <param name="maxAttempts">The most attempts, the first included (at least 1).</param>
    /// <param name="firstDelay">The wait before the second attempt (zero or more).</param>
    /// <param name="backoffCoefficient">The factor applied to the wait after each retry (at least 1).</param>
    /// <param name="maxDelay">The longest wait (at least <paramref name="firstDelay"/>); one minute when not given.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public TaskRetryPolicy(int maxAttempts, TimeSpan firstDelay, double backoffCoefficient = 2, TimeSpan? maxDelay = null)
    {
        TimeSpan longest = maxDelay ?? TimeSpan.FromMinutes(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstDelay, MaxAllowedDelay);
        if (!(backoffCoefficient >= 1) || double.IsInfinity(backoffCoefficient))
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be a finite number of at least 1.");
        }

        if (longest < firstDelay || longest > MaxAllowedDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDelay), longest, string.Create(
                CultureInfo.InvariantCulture,
                $"The longest wait must be from the first delay ({firstDelay}) to {MaxAllowedDelay}."));
        }

        MaxAttempts = maxAttempts;
        FirstDelay = firstDelay;
        BackoffCoefficient = backoffCoefficient;
        MaxDelay = longest;
    }

    /// <summary>Gets the most attempts, the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>Gets the wait before the second attempt.</summary>
    public TimeSpan FirstDelay { get; }

    /// <summary>Gets the factor applied to the wait after each retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Gets the longest wait.</summary>
    public TimeSpan MaxDelay { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{MaxAttempts} attempts, {FirstDelay.TotalMilliseconds}ms × {BackoffCoefficient} up to {MaxDelay.TotalMilliseconds}ms");
}
