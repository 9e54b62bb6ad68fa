using System.Globalization;

namespace TaskFunctions.LocalHost.Tests.Infrastructure;

/// <summary>
/// The sizes of the load and fault tests: CI runs the defaults, <c>scripts/stress.sh</c> sets the
/// <c>TASKFUNCTIONS_LOAD_*</c> variables to the full sizes.
/// </summary>
public static class LoadSize
{
    /// <summary>Reads a size from the environment.</summary>
    /// <param name="name">The variable.</param>
    /// <param name="fallback">The CI size, used when the variable is not a positive whole number.</param>
    /// <returns>The size.</returns>
    public static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : fallback;
}
