using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TaskFunctions.LocalHost.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TaskFunctions.LocalHost.Tests.Scripts;

/// <summary>
/// <c>scripts/run.sh</c> as a developer runs it: started in a process group of its own, as a terminal starts it; it
/// builds the local host and serves the API on http://localhost:7071; Ctrl-C (SIGINT to the whole group) stops the host
/// and the Azurite it started, and the script exits, leaving nothing listening or running. On the default backend the
/// script keeps Azurite's data in the repository's <c>.azurite/</c>, as it always does; the test uses a task hub of its
/// own there. The script's output goes to the test's output.
/// </summary>
[Collection(Port7071Collection.Name)]
public sealed partial class RunScriptTests(ITestOutputHelper log)
{
    private const int Port = 7071;
    private static readonly Uri Address = new($"http://localhost:{Port}");

    // The script builds the local host first: generous, but short of the run's 5-minute hang timeout.
    private static readonly TimeSpan ServeTimeout = TimeSpan.FromMinutes(3);

    // What the script itself allows: the host 30 s to stop before it is killed (it stops within a few seconds here),
    // then Azurite up to 6 s; and a margin.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(45);

    [Theory]
    [InlineData("memory")]
    [InlineData("azurestorage")]
    public async Task RunScript_ServesTheApiOn7071AndCtrlCStopsEverythingItStarted(string backend)
    {
        Assert.False(await AcceptsAsync(Port), $"Something already listens on 127.0.0.1:{Port} (a scripts/run.sh left running?); this test runs the script there.");
        string[] arguments = backend == "memory" ? ["--backend", "memory"] : ["--task-hub", "runsh" + Guid.NewGuid().ToString("N")[..12]];
        var output = new ConcurrentQueue<string>();
        using Process script = StartInOwnProcessGroup(Path.Combine(RepositoryRoot(), "scripts", "run.sh"), arguments, output);
        int group = script.Id;
        bool ownGroup = false;
        int? azurite = null;
        try
        {
            await Eventually.UntilAsync(() => ProcessGroupOf(group) == group, TimeSpan.FromSeconds(10), "the script did not get a process group of its own");
            ownGroup = true;

            await Eventually.UntilAsync(
                async () => script.HasExited
                    ? throw new InvalidOperationException($"scripts/run.sh exited with {script.ExitCode} before it served the API.")
                    : output.Any(l => l.Contains($"Now listening on: http://127.0.0.1:{Port}", StringComparison.Ordinal)) && await ServesAsync(),
                ServeTimeout,
                $"scripts/run.sh did not serve the API on {Address}",
                interval: TimeSpan.FromMilliseconds(250));
            azurite = AzuriteStarted(output);
            Assert.NotEmpty(await ProcessesAsync(group, "[T]askFunctions.LocalHost.dll"));
            if (backend == "memory")
            {
                Assert.Null(azurite);
            }
            else
            {
                // The script starts Azurite unless one already listens on its ports, which it then uses.
                Assert.True(
                    azurite is int pid ? IsRunning(pid) : output.Any(l => l.StartsWith("Something already listens on 127.0.0.1:10001", StringComparison.Ordinal)),
                    "The script neither started Azurite nor found one.");
            }

            using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
            string id = await http.StartAsync("user-space-sync", new { durationMs = 60_000, steps = 60 });
            JsonNode execution = await http.GetExecutionAsync(id);
            Assert.Equal(id, execution["executionId"]!.GetValue<string>());
            Assert.Equal("running", ApiClient.Status(execution));

            // Ctrl-C while the handler runs (its first step shows): the host hands the attempt back after its grace
            // period and stops. (A Ctrl-C in the moment between the start and the attempt's begin is another case:
            // there the host does not hand the attempt back, it waits for it.)
            await Eventually.UntilAsync(
                () => http.GetExecutionAsync(id),
                e => ApiClient.Messages(e).Any(m => m.Contains("第 1/60 步完成", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30),
                "the handler's first step did not show");
            await SignalAsync("INT", -group);
            bool exited;
            try
            {
                await script.WaitForExitAsync().WaitAsync(StopTimeout);
                exited = true;
            }
            catch (TimeoutException)
            {
                exited = false;
            }

            Assert.True(exited, $"scripts/run.sh did not exit within {StopTimeout.TotalSeconds} s of Ctrl-C. Its process group still runs: {string.Join(" | ", await ProcessesAsync(group, "."))}");

            Assert.Equal(130, script.ExitCode);
            Assert.False(await AcceptsAsync(Port), $"Something still listens on 127.0.0.1:{Port} after the script exited.");
            Assert.Empty(await ProcessesAsync(group, "[T]askFunctions.LocalHost.dll"));
            Assert.Empty(await ProcessesAsync(group, "[a]zurite")); // (the script starts Azurite in a session of its own)
            if (azurite is int started)
            {
                await Eventually.UntilAsync(() => !IsRunning(started), TimeSpan.FromSeconds(5), $"the Azurite the script started (pid {started}) is still running");
            }
        }
        finally
        {
            log.WriteLine(string.Join(Environment.NewLine, output));

            // Whatever failed, leave nothing of this test behind, and stop nothing else: only the script's own process
            // group (once it is known to be its own) and the Azurite the script said it started.
            if (ownGroup && (!script.HasExited || (await ProcessesAsync(group, ".")).Length > 0))
            {
                await RunAsync("kill", "-KILL", "--", (-group).ToString());
            }

            if ((azurite ?? AzuriteStarted(output)) is int started && IsRunning(started))
            {
                await RunAsync("kill", "-KILL", "--", started.ToString());
            }
        }
    }

    private static Process StartInOwnProcessGroup(string script, string[] arguments, ConcurrentQueue<string> output)
    {
        // As a terminal starts what one types: setsid makes the script a session and process group leader, and env
        // gives it the default action for SIGINT. A test run started in the background of a non-interactive shell
        // (nohup … &) inherits SIGINT ignored, and a shell started with a signal ignored cannot trap it: Ctrl-C would
        // not reach the script. (env and setsid exec what follows: the script keeps the process id.)
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot(),
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("setsid");
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> ServesAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        return await Readiness.ServesCatalogAsync(http, ["user-space-sync", "feishu-sync"]);
    }

    private static int? AzuriteStarted(IEnumerable<string> output) =>
        output.Select(l => AzuriteRunning().Match(l)).FirstOrDefault(m => m.Success) is { } match ? int.Parse(match.Groups[1].Value) : null;

    /// <summary>Reads a process's group from <c>/proc</c>; <see langword="null"/> once it is gone.</summary>
    private static int? ProcessGroupOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[2]); // state, ppid, pgrp
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Whether a process exists and is not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The processes of a process group whose command line matches <paramref name="pattern"/>.</summary>
    private static async Task<string[]> ProcessesAsync(int group, string pattern)
    {
        (_, string found) = await RunAsync("pgrep", "-a", "-g", group.ToString(), "-f", pattern);
        return [.. found.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static async Task SignalAsync(string signal, int target)
    {
        (int exit, string text) = await RunAsync("kill", $"-{signal}", "--", target.ToString());
        Assert.True(exit == 0, $"kill -{signal} {target}: {text}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "run.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/run.sh not found above the test assembly.");
    }

    [GeneratedRegex(@"Azurite is running \(pid (\d+)")]
    private static partial Regex AzuriteRunning();
}
