
namespace Portal.Benchmarks;

internal static class Measure
{
    /// <summary>Runs <paramref name="action"/> after a warm-up and prints the median and p95 in milliseconds.</summary>
    public static async Task TimeAsync(string name, Func<Task> action, int iterations = 50)
    {
        for (var i = 0; i < 5; i++)
        {
            await action();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        Console.WriteLine($"| {name,-44} | {Percentile(samples, 0.50),8:F1} | {Percentile(samples, 0.95),8:F1} |");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
