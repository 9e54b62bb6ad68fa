using System.Globalization;

namespace TaskFunctions.Benchmarks;

/// <summary>Summaries of measured durations.</summary>
internal static class Stats
{
    public static string Describe(IReadOnlyCollection<double> milliseconds)
    {
        double[] sorted = [.. milliseconds.Order()];
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        double p90 = sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.9 * sorted.Length) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"median {median,7:F1} ms   p90 {p90,7:F1} ms   max {sorted[^1],7:F1} ms   (n = {sorted.Length})");
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
