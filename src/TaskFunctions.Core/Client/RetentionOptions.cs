using System.Globalization;

namespace TaskFunctions.Client;

/// <summary>
/// How long finished executions are kept, and how a purge proceeds. Hosts bind it from configuration section
/// <see cref="Section"/>; <see cref="RetentionOptionsValidator"/> refuses values out of range when the host starts.
/// The local host purges every <see cref="Interval"/>; the Functions app on the schedule of its
/// <c>TaskFunctions:Retention:Schedule</c> app setting (a timer trigger).
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "TaskFunctions:Retention";

    /// <summary>The largest <see cref="BatchSize"/>: one page of the instance table.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>The longest <see cref="MaxAge"/> (about a hundred years).</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromDays(36_500);

    /// <summary>The longest <see cref="BatchPause"/>.</summary>
    public static readonly TimeSpan LongestBatchPause = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets a value indicating whether finished executions are purged on their own (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how long a finished execution is kept after it finished (default 7 days).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how often the local host purges (default 1 hour; the first purge runs a minute after it starts, or sooner when this is shorter).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many instances a purge reads and removes before it pauses (default 100).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets how long a purge pauses between batches, so that running work keeps the storage (default 1 s).</summary>
    public TimeSpan BatchPause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Lists what is out of range.</summary>
    /// <returns>One sentence per setting out of range; none when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        List<string> problems = [];
        if (MaxAge <= TimeSpan.Zero || MaxAge > LongestMaxAge)
        {
            problems.Add(Problem(nameof(MaxAge), $"more than zero and at most {LongestMaxAge.TotalDays} days", MaxAge));
        }

        if (Interval < TimeSpan.FromSeconds(1) || Interval > TimeSpan.FromDays(1))
        {
            problems.Add(Problem(nameof(Interval), "from 1 second to 1 day", Interval));
        }

        if (BatchSize is < 1 or > MaxBatchSize)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{nameof(BatchSize)} must be from 1 to {MaxBatchSize}; got {BatchSize}."));
        }

        if (BatchPause < TimeSpan.Zero || BatchPause > LongestBatchPause)
        {
            problems.Add(Problem(nameof(BatchPause), "from zero to 1 minute", BatchPause));
        }

        return problems;
    }

    private static string Problem(string name, string range, TimeSpan value) =>
        string.Create(CultureInfo.InvariantCulture, $"{Section}:{name} must be {range}; got {value}.");
}
