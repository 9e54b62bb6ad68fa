using TaskFunctions.LocalHost;

await LocalHostApplication.Build(args).RunAsync();
