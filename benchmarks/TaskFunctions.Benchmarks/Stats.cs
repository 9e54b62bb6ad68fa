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

    /// <summary>The nearest-rank percentile (0-100); the median for 50.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        if (percent == 50)
        {
            return Median(values);
        }

        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
