using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskFunctions.Client;
using TaskFunctions.DependencyInjection;
using TaskFunctions.Monitoring;
using TaskFunctions.Samples;
using TaskFunctions.Worker;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAzureMonitorTelemetry(builder.Configuration);
builder.Services.AddProblemDetails();
builder.Services.AddTaskFunctions(tasks => tasks.AddSampleTasks());
builder.Services.Configure<WorkerOptions>(builder.Configuration.GetSection(WorkerOptions.Section));
builder.Services.Configure<TaskExecutionClientOptions>(builder.Configuration.GetSection(TaskExecutionClientOptions.Section));
builder.Services.Configure<RetentionOptions>(builder.Configuration.GetSection(RetentionOptions.Section));
builder.Services.AddTaskSchedules(builder.Configuration);

builder.Build().Run();
