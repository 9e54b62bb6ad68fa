using System.Text.Json;
using Cronos;

namespace TaskFunctions.Catalog;

/// <summary>
/// A cron schedule of a task: at each occurrence, the task is started with trigger <c>schedule</c> and the schedule's
/// params. The expression has 5 fields (minute, hour, day of month, month, day of week) or 6 with seconds first, and is
/// read in <see cref="TimeZone"/> (UTC when none is given), daylight saving time included: an occurrence in the hour a
/// clock skips happens when the clock jumps, one in the hour it repeats happens once (an interval such as
/// <c>*/30</c> fires in both). The constructor refuses what is not valid.
/// </summary>
public sealed class TaskSchedule
{
    /// <summary>The earliest time occurrences are looked for from, to tell an expression that never occurs.</summary>
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Initializes a new instance of the <see cref="TaskSchedule"/> class.</summary>
    /// <param name="name">The schedule's name, unique among the task's schedules: 1-64 lower-case letters, digits, '-', '_' or '.'.</param>
    /// <param name="cron">The cron expression, 5 fields or 6 with seconds first (<c>0 2 * * *</c>: every day at 02:00).</param>
    /// <param name="timeZone">The time zone the expression is read in; UTC when <see langword="null"/>.</param>
    /// <param name="parameters">The <c>params</c> object each scheduled execution gets, if any.</param>
    /// <exception cref="ArgumentException">The name, the expression or the params are not valid, or the expression never occurs.</exception>
    public TaskSchedule(string name, string cron, TimeZoneInfo? timeZone = null, JsonElement? parameters = null)
    {
        if (!TaskNames.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid schedule name: use 1-64 lower-case letters, digits, '-', '_' or '.'.", nameof(name));
        }

        ArgumentNullException.ThrowIfNull(cron);
        string trimmed = cron.Trim();
        CronFormat format = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            Expression = CronExpression.Parse(trimmed, format);
        }
        catch (CronFormatException ex)
        {
            throw new ArgumentException($"'{cron}' is not a cron expression of 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first): {ex.Message}", nameof(cron), ex);
        }

        TimeZone = timeZone ?? TimeZoneInfo.Utc;
        if (Expression.GetNextOccurrence(Epoch, TimeZone) is null)
        {
            throw new ArgumentException($"The cron expression '{cron}' never occurs.", nameof(cron));
        }

        if (parameters is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            throw new ArgumentException($"A schedule's params must be a JSON object, not {parameters.Value.ValueKind}.", nameof(parameters));
        }

        Name = name;
        Cron = trimmed;
        Params = parameters is { ValueKind: JsonValueKind.Object } given ? given.Clone() : null;
    }

    /// <summary>Initializes a new instance of the <see cref="TaskSchedule"/> class, in a time zone named by its id.</summary>
    /// <param name="name">The schedule's name, unique among the task's schedules: 1-64 lower-case letters, digits, '-', '_' or '.'.</param>
    /// <param name="cron">The cron expression, 5 fields or 6 with seconds first.</param>
    /// <param name="timeZoneId">The time zone's IANA id (<c>Asia/Shanghai</c>, <c>Europe/Berlin</c>, <c>UTC</c>).</param>
    /// <param name="parameters">The <c>params</c> object each scheduled execution gets, if any.</param>
    /// <exception cref="ArgumentException">A value is not valid, or the time zone is not known on this machine.</exception>
    public TaskSchedule(string name, string cron, string timeZoneId, JsonElement? parameters = null)
        : this(name, cron, FindTimeZone(timeZoneId), parameters)
    {
    }

    /// <summary>Gets the schedule's name, unique among the task's schedules.</summary>
    public string Name { get; }

    /// <summary>Gets the cron expression, as given (without surrounding white space).</summary>
    public string Cron { get; }

    /// <summary>Gets the time zone the expression is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Gets the <c>params</c> object each scheduled execution gets, if any.</summary>
    public JsonElement? Params { get; }

    /// <summary>Gets the parsed expression.</summary>
    internal CronExpression Expression { get; }

    /// <summary>Finds the first occurrence after an instant.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The occurrence (with its zone's offset), or <see langword="null"/> when there is none.</returns>
    public DateTimeOffset? NextOccurrenceAfter(DateTimeOffset instant) => Expression.GetNextOccurrence(instant, TimeZone, inclusive: false);

    /// <summary>Finds the latest occurrence at or before an instant.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The occurrence (with its zone's offset), or <see langword="null"/> when there is none.</returns>
    public DateTimeOffset? LatestOccurrenceAtOrBefore(DateTimeOffset instant)
    {
        // The forward search decides when occurrences happen (one in a skipped hour happens when the clock jumps);
        // the backward search can name the second before the jump instead. So the backward result is only a hint,
        // from which the occurrences are read forward.
        DateTimeOffset? hint = Expression.GetPreviousOccurrence(instant, TimeZone, inclusive: true);
        for (int tries = 0; hint is { } from && tries < 3; tries++)
        {
            DateTimeOffset? latest = null;
            for (DateTimeOffset? next = Expression.GetNextOccurrence(from, TimeZone, inclusive: true);
                next is { } occurrence && occurrence <= instant;
                next = Expression.GetNextOccurrence(occurrence, TimeZone, inclusive: false))
            {
                latest = occurrence;
            }

            if (latest is not null)
            {
                return latest;
            }

            hint = Expression.GetPreviousOccurrence(from, TimeZone, inclusive: false);
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Cron} ({TimeZone.Id})";

    private static TimeZoneInfo FindTimeZone(string timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            throw new ArgumentException("A time zone id is needed, such as 'Asia/Shanghai' or 'UTC'.", nameof(timeZoneId));
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"The time zone '{timeZoneId}' is not known here: use an IANA id such as 'Asia/Shanghai' or 'UTC'.", nameof(timeZoneId), ex);
        }
    }
}
