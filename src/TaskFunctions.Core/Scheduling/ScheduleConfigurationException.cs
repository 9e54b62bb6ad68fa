namespace TaskFunctions.Scheduling;

/// <summary>
/// A schedule or a scheduler setting is not valid (an unknown task, a bad cron expression or time zone, params the
/// task refuses, a name used twice): the host does not start, and the message names the setting and what is wrong.
/// </summary>
public sealed class ScheduleConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ScheduleConfigurationException"/> class.</summary>
    public ScheduleConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScheduleConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong and where.</param>
    public ScheduleConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ScheduleConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public ScheduleConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
