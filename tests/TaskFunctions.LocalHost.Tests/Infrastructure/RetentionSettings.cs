namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>The settings that make the local host's retention service purge within seconds.</summary>
public static class RetentionSettings
{
    /// <summary>How long a finished execution is kept.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);

    /// <summary>The arguments: a short age, a purge every second.</summary>
    public static string[] Arguments => ["--TaskFunctions:Retention:MaxAge", MaxAge.ToString(), "--TaskFunctions:Retention:Interval", "00:00:01"];
}
