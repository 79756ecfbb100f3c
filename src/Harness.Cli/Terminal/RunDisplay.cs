using Harness.Cli.Commands;
using Harness.Cli.Pipeline;
using Harness.Reporting;
using Spectre.Console;

namespace Harness.Cli.Terminal;

/// <summary>Where a command shows its progress and its closing lines: plain lines, or a live status and colours on a terminal.</summary>
internal abstract class RunDisplay
{
    /// <summary>The display for this process's console in the style <see cref="OutputStyles.ForConsole"/> chooses.</summary>
    public static RunDisplay ForConsole(bool plain) => OutputStyles.ForConsole(plain) == OutputStyle.Live
        ? new LiveDisplay(AnsiConsole.Console)
        : new PlainDisplay(Console.Out);

    /// <summary>Runs <paramref name="work"/> with a progress sink that shows each step.</summary>
    public abstract Task<T> RunAsync<T>(Func<IProgress<string>, Task<T>> work);

    /// <summary>Writes the closing lines of <see cref="Summary"/> and returns the verdict's exit code.</summary>
    public abstract int PrintSummary(RunReport report, string? folder);
}

/// <summary>Today's plain lines, unchanged: CI logs and scripts read them.</summary>
internal sealed class PlainDisplay(TextWriter output) : RunDisplay
{
    public override Task<T> RunAsync<T>(Func<IProgress<string>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(new ConsoleProgress(output));
    }

    public override int PrintSummary(RunReport report, string? folder) => Summary.Print(report, folder, output).ExitCode;
}

/// <summary>A live status line (the run's phase) under the finished steps, and the closing lines in colour.</summary>
internal sealed class LiveDisplay(IAnsiConsole console) : RunDisplay
{
    public override Task<T> RunAsync<T>(Func<IProgress<string>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return console.Status().Spinner(Spinner.Known.Dots).StartAsync("starting", context => work(new LiveProgress(console, context)));
    }

    public override int PrintSummary(RunReport report, string? folder)
    {
        using var lines = new StringWriter();
        var exitCode = Summary.Print(report, folder, lines).ExitCode;
        foreach (var line in lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            console.MarkupLine(SummaryColours.Markup(line.TrimEnd('\r')));
        }

        return exitCode;
    }
}
