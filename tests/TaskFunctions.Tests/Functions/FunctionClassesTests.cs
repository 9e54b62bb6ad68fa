using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using TaskFunctions.Functions;
using TaskFunctions.Tests.Support;

namespace TaskFunctions.Tests.Functions;

public sealed class FunctionClassesTests
{
    private static readonly Type[] FunctionTypes =
    [
        .. typeof(FunctionNames).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    [Fact]
    public void FunctionClasses_AreTheExpectedOnes()
    {
        Assert.Equal(
            ["ApiDocumentFunctions", "ArchiveLogActivityFunctions", "AttemptActivityFunctions", "CancelFunctions", "DashboardFunctions", "ExecuteFunctions", "ExecutionQueryFunctions", "OrchestratorFunctions", "RetentionFunctions", "ScheduleFunctions", "TaskCatalogFunctions"],
            FunctionTypes.Select(t => t.Name));
    }

    [Fact]
    public void FunctionClasses_OfInstanceFunctions_AreCreatedFromTheAppRegistration()
    {
        using ServiceProvider services = TestHost.CreateServices();
        foreach (Type type in FunctionTypes.Where(t => !t.IsAbstract))
        {
            Assert.IsType(type, ActivatorUtilities.CreateInstance(services, type));
        }
    }

    [Fact]
    public void FunctionNames_Constants_MatchTheHttpFunctionAttributes()
    {
        string[] constants = [.. typeof(FunctionNames).GetFields().Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal)];
        string[] httpFunctions =
        [
            .. FunctionTypes.SelectMany(t => t.GetMethods())
                .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
                .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
                .Order(StringComparer.Ordinal),
        ];
        Assert.Equal(constants, httpFunctions);
    }
}
