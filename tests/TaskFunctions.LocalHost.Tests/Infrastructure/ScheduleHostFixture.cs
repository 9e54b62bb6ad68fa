namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The local host in memory with one schedule from configuration, the way an operator adds one: the writer test task
/// every minute (<c>* * * * *</c>), writing one entry. Nothing else starts that task on this host.
/// </summary>
public sealed class ScheduleHostFixture : LocalHostFixture
{
    public const string Task = TestTasks.Writer;

    public const string Schedule = "every-minute";

    /// <summary>Gets when the host was asked to start.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    protected override Task<string[]> BackendArgumentsAsync()
    {
        StartedAt = DateTimeOffset.UtcNow;
        return System.Threading.Tasks.Task.FromResult<string[]>(["--backend", "memory"]);
    }

    protected override string[] HostArguments(int index) =>
    [
        $"--TaskFunctions:Schedules:{Task}:{Schedule}:Cron", "* * * * *",
        $"--TaskFunctions:Schedules:{Task}:{Schedule}:Params", """{ "entries": 1 }""",
    ];
}
