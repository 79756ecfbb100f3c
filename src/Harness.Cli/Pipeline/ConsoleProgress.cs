using System.Diagnostics;
using System.Globalization;

namespace Harness.Cli.Pipeline;

/// <summary>Progress lines on the console, each stamped with the time since the run started.</summary>
public sealed class ConsoleProgress(TextWriter output) : IProgress<string>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();

    public void Report(string value)
    {
        lock (gate)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:0.00}s] {value}"));
        }
    }
}
