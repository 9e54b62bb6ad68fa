using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace TaskFunctions.Tests.Infra;

/// <summary>
/// The Bicep CLI from the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c>, restored with this test project
/// (its build props name the binary in <c>BicepPath</c>, which the project hands over as assembly metadata), run as
/// a process: no Azure CLI and no network needed.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>What one run printed and how it exited.</summary>
    internal sealed record Run(int ExitCode, string Output, string Diagnostics);

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static async Task<Run> RunAsync(string workingDirectory, params string[] arguments)
    {
        ProcessStartInfo start = new(Executable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> diagnostics = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new Run(process.ExitCode, await output, await diagnostics);
    }

    private static string Executable()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                "The Bicep CLI this project restores is the Linux x64 build (Azure.Bicep.CommandLine.linux-x64).");
        }

        string? configured = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        Assert.False(string.IsNullOrEmpty(configured), "BicepPath is not set: restore tests/TaskFunctions.Tests.");

        // The package's props join the path with backslashes.
        string path = Path.GetFullPath(configured.Replace('\\', '/'));
        Assert.True(File.Exists(path), $"The Bicep CLI is missing at {path}: restore tests/TaskFunctions.Tests.");

        // A package extracts its files without the execute bit on some NuGet versions.
        UnixFileMode mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }

        return path;
    }
}
