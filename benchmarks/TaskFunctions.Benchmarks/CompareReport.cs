using System.Globalization;

namespace TaskFunctions.Benchmarks;

/// <summary>The comparison's markdown table: one row per measure, raw and service side by side.</summary>
internal sealed class CompareReport
{
    private readonly List<string[]> _rows = [];

    public static string Number(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>A measure of both sides; the ratio is service / raw.</summary>
    public void Add(string measure, double raw, double service) =>
        _rows.Add([measure, Number(raw), Number(service), Number(service / raw)]);

    /// <summary>A count on both sides; the ratio is service / raw.</summary>
    public void AddCounts(string measure, int raw, int service) =>
        _rows.Add([measure, raw.ToString(CultureInfo.InvariantCulture), service.ToString(CultureInfo.InvariantCulture), Number((double)service / raw)]);

    /// <summary>A measure of both sides whose ratio says nothing.</summary>
    public void AddWithoutRatio(string measure, string raw, string service) => _rows.Add([measure, raw, service, "-"]);

    public void Print(string header)
    {
        Console.WriteLine();
        Console.WriteLine(header);
        Console.WriteLine();
        Console.WriteLine("| measure | raw | service | ratio (service/raw) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (string[] row in _rows)
        {
            Console.WriteLine($"| {string.Join(" | ", row)} |");
        }

        Console.WriteLine();
    }
}
