using TaskFunctions.LocalHost;
using TaskFunctions.LocalHost.Security;
using TaskFunctions.LocalHost.Telemetry;
using TaskFunctions.Scheduling;

WebApplication app;
try
{
    app = LocalHostApplication.Build(args);
}
catch (Exception e) when (e is SecurityConfigurationException or TelemetryConfigurationException or ScheduleConfigurationException)
{
    await Console.Error.WriteLineAsync($"TaskFunctions.LocalHost will not start: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
