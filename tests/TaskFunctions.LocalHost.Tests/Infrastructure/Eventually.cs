using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// Waits for something to come true within a deadline, never a number of tries: a slow machine gets the same time,
/// not fewer chances. Every read is itself bounded by what is left of the deadline, so a read that hangs fails the
/// test with <c>because</c> instead of stalling the run.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads until the value satisfies <paramref name="condition"/>, and returns that value.</summary>
    /// <typeparam name="T">What is read.</typeparam>
    /// <param name="read">Reads the current value.</param>
    /// <param name="condition">What the value must satisfy.</param>
    /// <param name="timeout">How long to keep reading.</param>
    /// <param name="because">What did not happen, for the failure message.</param>
    /// <param name="interval">The pause between reads (50 ms unless told).</param>
    /// <returns>The first value read that satisfies the condition.</returns>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan timeout, string because, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        string last = "nothing was read";
        while (true)
        {
            TimeSpan left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            T value;
            try
            {
                value = await read().WaitAsync(left);
            }
            catch (TimeoutException)
            {
                last = $"a read did not answer within the {timeout.TotalSeconds:F1} s";
                break;
            }

            if (condition(value))
            {
                return value;
            }

            last = Describe(value);
            left = timeout - watch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            TimeSpan pause = interval ?? DefaultInterval;
            await Task.Delay(pause < left ? pause : left);
        }

        Assert.Fail($"Not within {timeout.TotalSeconds:F1} s: {because}. Last read: {last}");
        throw new UnreachableException();
    }

    /// <summary>Waits until <paramref name="condition"/> answers true.</summary>
    /// <param name="condition">Reads whether it has happened.</param>
    /// <param name="timeout">How long to keep reading.</param>
    /// <param name="because">What did not happen, for the failure message.</param>
    /// <param name="interval">The pause between reads (50 ms unless told).</param>
    /// <returns>A task that completes when the condition is true.</returns>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string because, TimeSpan? interval = null) =>
        UntilAsync(condition, ok => ok, timeout, because, interval);

    /// <summary>Waits until <paramref name="condition"/> is true (for state the test process sees directly).</summary>
    /// <param name="condition">Whether it has happened.</param>
    /// <param name="timeout">How long to keep looking.</param>
    /// <param name="because">What did not happen, for the failure message.</param>
    /// <param name="interval">The pause between looks (50 ms unless told).</param>
    /// <returns>A task that completes when the condition is true.</returns>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string because, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), ok => ok, timeout, because, interval);
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        JsonNode json => json.ToJsonString(),
        _ => value.ToString() ?? typeof(T).Name,
    };
}
