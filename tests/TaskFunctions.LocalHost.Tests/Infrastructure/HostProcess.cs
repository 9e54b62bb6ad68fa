using System.Diagnostics;
using System.Text.RegularExpressions;
using TaskFunctions.Testing;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The local host as its own operating-system process (the built TaskFunctions.LocalHost.dll), so that a test
/// can kill it as a crash would: <see cref="KillAsync"/> sends SIGKILL, and nothing in the process gets to clean up.
/// It listens on a port Kestrel picks (port 0) and reports on its console, and is ready when it answers
/// <c>GET /tasks</c> there with the sample tasks' catalog. <see cref="StartTestHostAsync"/> runs the same host with
/// the test task <see cref="CountedTask"/> (the test assembly's own entry point, <see cref="TestHostProgram"/>), and
/// <see cref="TerminateAsync"/> asks it to stop as a deployment does (SIGTERM).
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private static readonly string[] SampleTasks = ["user-space-sync", "feishu-sync"];

    private readonly Process _process;
    private readonly LockedCollection<string> _console;

    private HostProcess(Process process, LockedCollection<string> console, Uri address)
    {
        _process = process;
        _console = console;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>Gets the lines the host has written to its console (standard output and error) so far.</summary>
    public string[] ConsoleLines => _console.Snapshot();

    /// <summary>Gets the operating-system id of the host process.</summary>
    public int ProcessId => _process.Id;

    public static Task<HostProcess> StartAsync(params string[] arguments) =>
        StartAsync(FindHostAssembly(), new Dictionary<string, string>(StringComparer.Ordinal), SampleTasks, arguments);

    /// <summary>
    /// Runs the local host with these arguments until it exits by itself, as a host that refuses to start does, and
    /// kills it if it has not exited within a minute.
    /// </summary>
    /// <param name="arguments">The host's whole command line (<c>--urls</c> included).</param>
    /// <returns>The exit code and everything the host wrote to standard error and standard output.</returns>
    public static async Task<(int ExitCode, string Console)> RunToExitAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(FindHostAssembly());
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await error + await output);
    }

    /// <summary>Starts the local host with <see cref="CountedTask"/> beside the samples.</summary>
    /// <param name="environment">Variables set for the process (such as <see cref="CountedTask.RunsVariable"/>).</param>
    /// <param name="arguments">The host's arguments.</param>
    /// <returns>The host, serving its catalog.</returns>
    public static Task<HostProcess> StartTestHostAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartAsync(typeof(TestHostProgram).Assembly.Location, environment, [.. SampleTasks, CountedTask.Name], arguments);

    private static async Task<HostProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string> environment, string[] catalog, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        // TASKFUNCTIONS_TEST_HOST_LOGS names a folder to keep each host's console in ({process id}.log), to look into a failure.
        string? logs = Environment.GetEnvironmentVariable("TASKFUNCTIONS_TEST_HOST_LOGS");
        StreamWriter? console = null;
        var lines = new LockedCollection<string>();
        process.OutputDataReceived += (_, e) =>
        {
            Keep(console, lines, e.Data);
            if (e.Data is not null && ListeningOn().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        };
        process.ErrorDataReceived += (_, e) => Keep(console, lines, e.Data);
        process.Start();
        if (!string.IsNullOrEmpty(logs))
        {
            console = new StreamWriter(Path.Combine(logs, $"{process.Id}.log")) { AutoFlush = true };
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Uri address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var host = new HostProcess(process, lines, address);
            if (!await Readiness.ServesCatalogAsync(host.Http, catalog))
            {
                host.Http.Dispose();
                throw new InvalidOperationException($"The host reported {address}, but what answers there does not serve the sample tasks' catalog.");
            }

            return host;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills the host with SIGKILL and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Asks the host to stop (SIGTERM, as Ctrl-C or a deployment does) and waits until it has exited.</summary>
    /// <param name="timeout">How long it may take.</param>
    /// <returns>The process's exit code.</returns>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (Process kill = Process.Start(new ProcessStartInfo("kill", $"-TERM {_process.Id}") { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            if (kill.ExitCode != 0)
            {
                throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}.");
            }
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private static void Keep(StreamWriter? console, LockedCollection<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Add(line);
        if (console is not null)
        {
            lock (console)
            {
                console.WriteLine(line);
            }
        }
    }

    private static string FindHostAssembly()
    {
        // The test project references the host, so its build output sits beside the tests.
        string path = Path.Combine(AppContext.BaseDirectory, "TaskFunctions.LocalHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("The local host is not built beside the tests.", path);
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
