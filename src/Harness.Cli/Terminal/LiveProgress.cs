using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Harness.Cli.Terminal;

/// <summary>
/// Progress on a terminal: each step is written above the live status line (dimmed, stamped with the time since the run
/// started, as the plain lines are), and the status line shows the run's <see cref="RunPhase"/>.
/// </summary>
internal sealed class LiveProgress(IAnsiConsole console, StatusContext status) : IProgress<string>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private readonly RunPhase phase = new();

    public void Report(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            var colour = value.StartsWith("warning: ", StringComparison.Ordinal) || value.Contains(": could not run", StringComparison.Ordinal) ? "yellow" : "grey";
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[dim][[{clock.Elapsed.TotalSeconds,6:0.00}s]][/] [{colour}]{Markup.Escape(value)}[/]"));
            phase.Observe(value);
            status.Status = Markup.Escape(phase.Text);
            status.Refresh();
        }
    }
}
