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

    private Process? _process;
    private string? _location;
    private IReadOnlyDictionary<string, Uri>? _endpoints;

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

        (Process process, Dictionary<string, Uri> endpoints) = await LaunchAsync(location: null, ports: null);
        return new AzuriteProcess(ConnectionStringOf(endpoints), process) { _endpoints = endpoints };
    }

    /// <summary>Starts an Azurite that keeps its data in a folder of its own, so that it can be stopped and started again on it.</summary>
    public static async Task<AzuriteProcess> StartPersistentAsync()
    {
        string location = Directory.CreateTempSubdirectory("azurite-").FullName;
        (Process process, Dictionary<string, Uri> endpoints) = await LaunchAsync(location, ports: null);
        return new AzuriteProcess(ConnectionStringOf(endpoints), process) { _location = location, _endpoints = endpoints };
    }

    /// <summary>
    /// Stops Azurite as a shutdown would (SIGINT, so that it saves its data): connections to its ports are refused
    /// until <see cref="RestartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        Process process = _process ?? throw new InvalidOperationException("Only an Azurite the tests started can be stopped.");
        await SignalAsync("INT").ConfigureAwait(false);
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // It saved and closed its services but lingers: its ports are what matters.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>Starts a stopped persistent Azurite again, on the same ports and the same data.</summary>
    public async Task RestartAsync()
    {
        if (_location is null || _endpoints is null || _process is not null)
        {
            throw new InvalidOperationException("Only a stopped persistent Azurite can be restarted.");
        }

        (_process, _) = await LaunchAsync(_location, _endpoints.ToDictionary(e => e.Key, e => e.Value.Port, StringComparer.Ordinal)).ConfigureAwait(false);
    }

    private static async Task<(Process Process, Dictionary<string, Uri> Endpoints)> LaunchAsync(string? location, IReadOnlyDictionary<string, int>? ports)
    {
        string azurite = FindAzurite();
        var start = new ProcessStartInfo(azurite)
        {
            ArgumentList =
            {
                "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", Port(ports, "Blob"),
                "--queueHost", "127.0.0.1", "--queuePort", Port(ports, "Queue"),
                "--tableHost", "127.0.0.1", "--tablePort", Port(ports, "Table"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

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
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"Azurite did not start: {e.Message} Its output: {string.Join(" | ", output)}", e);
        }

        return (process, new Dictionary<string, Uri>(endpoints, StringComparer.Ordinal));
    }

    private static string Port(IReadOnlyDictionary<string, int>? ports, string service) =>
        ports is null ? "0" : ports[service].ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ConnectionStringOf(IReadOnlyDictionary<string, Uri> endpoints) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint={endpoints["Blob"]}devstoreaccount1;" +
        $"QueueEndpoint={endpoints["Queue"]}devstoreaccount1;" +
        $"TableEndpoint={endpoints["Table"]}devstoreaccount1;";

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

        if (_location is not null && Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
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
