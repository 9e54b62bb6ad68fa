using System.Globalization;
using Microsoft.AspNetCore.Builder;
using TaskFunctions.Catalog;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Execution;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The test assembly run as a program (<c>dotnet TaskFunctions.LocalHost.Tests.dll &lt;host arguments&gt;</c>, see
/// <see cref="HostProcess.StartTestHostAsync"/>): the local host exactly as <c>Program.cs</c> builds it, plus
/// <see cref="CountedTask"/>, for the tests that kill or stop a host process under load. The test runner never calls
/// this entry point.
/// </summary>
public static class TestHostProgram
{
    public static async Task<int> Main(string[] args)
    {
        WebApplication app = LocalHostApplication.Build(args, builder => builder.Services.AddTaskFunctions(tasks => tasks
            .AddTask<CountedTask>(CountedTask.Name, o => o.Timeout = TimeSpan.FromMinutes(10))));
        await app.RunAsync();
        return 0;
    }
}

/// <summary>
/// Counts its own runs where a killed process cannot lose them: each run appends
/// <c>start {executionId} {attempt} {UTC ticks}</c> to <c>{TASKFUNCTIONS_TEST_RUNS}/{process id}.log</c> before anything
/// else and logs <c>counted run started</c>; then, honouring its token, waits until the file
/// <c>{TASKFUNCTIONS_TEST_RUNS}/{params.holdFor}</c> exists (when given) and sleeps <c>params.sleepMs</c>; and appends
/// <c>end …</c> when it returns. No concurrency limit; times out after 10 minutes.
/// </summary>
public sealed class CountedTask : ITaskHandler
{
    /// <summary>The task's name.</summary>
    public const string Name = "test-counted";

    /// <summary>The variable that names the folder the runs are written to.</summary>
    public const string RunsVariable = "TASKFUNCTIONS_TEST_RUNS";

    private static readonly Lock Gate = new();

    public async Task ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        Append("start", context);
        context.Logs.Info("counted run started", new { attempt = context.Attempt, process = Environment.ProcessId });
        if (context.Params?.TryGetProperty("holdFor", out var hold) == true && Environment.GetEnvironmentVariable(RunsVariable) is { Length: > 0 } folder)
        {
            while (!File.Exists(Path.Combine(folder, hold.GetString()!)))
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        int sleepMs = context.Params?.TryGetProperty("sleepMs", out var value) == true ? value.GetInt32() : 1000;
        await Task.Delay(sleepMs, cancellationToken);
        context.Logs.Info("counted run finished");
        Append("end", context);
    }

    private static void Append(string what, TaskContext context)
    {
        string? folder = Environment.GetEnvironmentVariable(RunsVariable);
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        string line = string.Create(CultureInfo.InvariantCulture, $"{what} {context.ExecutionId} {context.Attempt} {DateTime.UtcNow.Ticks}\n");
        lock (Gate)
        {
            // Written through at once: a SIGKILL right after loses nothing the file was given.
            File.AppendAllText(Path.Combine(folder, $"{Environment.ProcessId}.log"), line);
        }
    }

    /// <summary>One run as a host recorded it.</summary>
    /// <param name="What"><c>start</c> or <c>end</c>.</param>
    /// <param name="ExecutionId">The execution.</param>
    /// <param name="Attempt">The attempt number.</param>
    /// <param name="At">When (UTC).</param>
    /// <param name="ProcessId">The host process that ran it.</param>
    public sealed record Run(string What, string ExecutionId, int Attempt, DateTime At, int ProcessId);

    /// <summary>Reads every run the hosts recorded in <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder given to the hosts as <see cref="RunsVariable"/>.</param>
    /// <returns>The runs, in no particular order across hosts.</returns>
    public static IReadOnlyList<Run> ReadRuns(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*.log").SelectMany(file => File.ReadAllLines(file)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 4)
            .Select(parts => new Run(
                parts[0],
                parts[1],
                int.Parse(parts[2], CultureInfo.InvariantCulture),
                new DateTime(long.Parse(parts[3], CultureInfo.InvariantCulture), DateTimeKind.Utc),
                int.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture)))),
    ];
}
