using Microsoft.DurableTask;

namespace TaskFunctions.Benchmarks;

/// <summary>
/// The Durable Task engine alone, for comparison with the service: an orchestration that calls one activity,
/// registered in the same worker as the service's orchestrator and activities.
/// </summary>
internal static class RawEngine
{
    /// <summary>Calls <see cref="Activity"/> once with its input and returns the activity's result.</summary>
    public const string Orchestration = "BenchRawOrchestration";

    /// <summary>The same orchestration under another name; its instances fill the task hub.</summary>
    public const string OtherOrchestration = "BenchRawOther";

    /// <summary>Sleeps its input in milliseconds (returns at once for 0).</summary>
    public const string Activity = "BenchRawActivity";

    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<int, int>(Orchestration, (context, sleepMs) => context.CallActivityAsync<int>(Activity, sleepMs));
        registry.AddOrchestratorFunc<int, int>(OtherOrchestration, (context, sleepMs) => context.CallActivityAsync<int>(Activity, sleepMs));
        registry.AddActivityFunc<int, int>(Activity, async (_, sleepMs) =>
        {
            if (sleepMs > 0)
            {
                await Task.Delay(sleepMs);
            }

            return sleepMs;
        });
    }
}
