using TaskFunctions.LocalHost;
using TaskFunctions.LocalHost.Security;

WebApplication app;
try
{
    app = LocalHostApplication.Build(args);
}
catch (SecurityConfigurationException e)
{
    await Console.Error.WriteLineAsync($"TaskFunctions.LocalHost will not start: {e.Message}");
    return 2;
}

await app.RunAsync();
return 0;
