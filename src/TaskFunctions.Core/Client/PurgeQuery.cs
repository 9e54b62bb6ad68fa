using TaskFunctions.Execution;

namespace TaskFunctions.Client;

/// <summary>
/// Which executions a purge removes: those that finished before <see cref="Before"/> with one of
/// <see cref="Statuses"/>. Running executions are never purged. Its values are checked when it is made.
/// </summary>
public sealed class PurgeQuery
{
    /// <summary>The statuses of a finished execution: what a purge removes unless told otherwise.</summary>
    public static readonly IReadOnlyList<ExecutionStatus> FinishedStatuses = [ExecutionStatus.Completed, ExecutionStatus.Failed, ExecutionStatus.Cancelled];

    /// <summary>Initializes a new instance of the <see cref="PurgeQuery"/> class.</summary>
    /// <param name="before">
    /// Only executions that finished (and so started) before this time; a time that is not UTC is converted, and
    /// one of unspecified kind is read as UTC.
    /// </param>
    /// <param name="statuses">Only executions with one of these statuses; none or empty for every finished status.</param>
    /// <exception cref="ArgumentException"><paramref name="statuses"/> names <see cref="ExecutionStatus.Running"/>, or a value that is not a status.</exception>
    public PurgeQuery(DateTime before, IEnumerable<ExecutionStatus>? statuses = null)
    {
        HashSet<ExecutionStatus> chosen = [.. statuses ?? []];
        foreach (ExecutionStatus status in chosen)
        {
            if (status == ExecutionStatus.Running)
            {
                throw new ArgumentException("Running executions are never purged.", nameof(statuses));
            }

            if (!FinishedStatuses.Contains(status))
            {
                throw new ArgumentException($"{status} is not a status of a finished execution.", nameof(statuses));
            }
        }

        Before = before.Kind switch
        {
            DateTimeKind.Local => before.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(before, DateTimeKind.Utc),
            _ => before,
        };
        Statuses = chosen.Count == 0 ? [.. FinishedStatuses] : [.. FinishedStatuses.Where(chosen.Contains)];
    }

    /// <summary>Gets the time (UTC) before which a purged execution finished.</summary>
    public DateTime Before { get; }

    /// <summary>Gets the statuses of the executions purged, in the order completed, failed, cancelled; never running.</summary>
    public IReadOnlyList<ExecutionStatus> Statuses { get; }

    /// <summary>The query of the retention policy: every finished execution older than <paramref name="maxAge"/>.</summary>
    /// <param name="maxAge">How long a finished execution is kept.</param>
    /// <param name="clock">The clock.</param>
    /// <returns>The query.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxAge"/> is not positive.</exception>
    public static PurgeQuery OlderThan(TimeSpan maxAge, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxAge, TimeSpan.Zero);
        return new PurgeQuery(clock.GetUtcNow().UtcDateTime - maxAge);
    }
}
