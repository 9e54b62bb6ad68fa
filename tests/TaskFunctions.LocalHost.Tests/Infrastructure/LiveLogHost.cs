namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The setting of the hosts that the live-log tests run on: <c>TaskFunctions:Worker:LiveLogInterval</c> at 2 s instead
/// of 250 ms, so that a stage of half a second ends well before it even on a loaded machine, an entry provably waits it
/// before it shows, and an entry of a longer stage still shows within seconds.
/// </summary>
public static class LiveLogHost
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static string[] Arguments => ["--TaskFunctions:Worker:LiveLogInterval", Interval.ToString()];
}
