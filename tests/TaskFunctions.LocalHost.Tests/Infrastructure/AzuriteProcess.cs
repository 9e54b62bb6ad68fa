using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// A real Azurite (the npm package installed by scripts/test.sh) keeping its data in memory, on loopback ports it
/// picks itself (port 0) and reports on its console: no port is chosen here and released for Azurite to take, so no
/// other process can take it in between. Each service must then answer as Azurite. Set TASKFUNCTIONS_TEST_STORAGE to a
/// connection string to use running storage instead.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly string[] Services = ["Blob", "Queue", "Table"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process? _process;

    private AzuriteProcess(string connectionString, Process? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync()
    {
        string? existing = Environment.GetEnvironmentVariable("TASKFUNCTIONS_TEST_STORAGE");
        if (!string.IsNullOrEmpty(existing))
        {
            return new AzuriteProcess(existing, null);
        }

        string azurite = FindAzurite();
        var start = new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", "0",
                "--queueHost", "127.0.0.1", "--queuePort", "0",
                "--tableHost", "127.0.0.1", "--tablePort", "0",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Azurite prints "Azurite Blob service is successfully listening at http://127.0.0.1:40123" once each service
        // has bound its port.
        var output = new ConcurrentQueue<string>();
        var endpoints = new ConcurrentDictionary<string, Uri>(StringComparer.Ordinal);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (ListeningAt().Match(e.Data) is { Success: true } match)
            {
                endpoints[match.Groups[1].Value] = new Uri(match.Groups[2].Value);
                if (Services.All(endpoints.ContainsKey))
                {
                    listening.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue(e.Data);
            }
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Azurite exited."));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azuriteProcess = new AzuriteProcess(string.Empty, process);
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
            foreach (string service in Services)
            {
                if (!await Readiness.IsAzuriteAsync(endpoints[service], service))
                {
                    throw new InvalidOperationException($"Azurite reported its {service} service at {endpoints[service]}, but what answers there is not Azurite.");
                }
            }
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await azuriteProcess.DisposeAsync();
            throw new InvalidOperationException($"Azurite did not start: {e.Message} Its output: {string.Join(" | ", output)}", e);
        }

        string connectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint={endpoints["Blob"]}devstoreaccount1;" +
            $"QueueEndpoint={endpoints["Queue"]}devstoreaccount1;" +
            $"TableEndpoint={endpoints["Table"]}devstoreaccount1;";
        return new AzuriteProcess(connectionString, process);
    }

    /// <summary>Freezes Azurite (SIGSTOP): it keeps its connections and answers nothing, as hung storage does.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen Azurite run again (SIGCONT), on the same data.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }

            _process.Dispose();
        }
    }

    private async Task SignalAsync(string signal)
    {
        Process process = _process ?? throw new InvalidOperationException("Only an Azurite the tests started can be frozen.");
        using Process kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {process.Id}") { UseShellExecute = false })!;
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {process.Id} exited with {kill.ExitCode}.");
        }
    }

    private static string FindAzurite()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "Azurite is not installed: run 'npm ci' in the repository root (scripts/test.sh does), or set TASKFUNCTIONS_TEST_STORAGE.");
    }

    [GeneratedRegex(@"Azurite (Blob|Queue|Table) service is successfully listening at (http://\S+)")]
    private static partial Regex ListeningAt();
}
