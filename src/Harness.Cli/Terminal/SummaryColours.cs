using Spectre.Console;

namespace Harness.Cli.Terminal;

/// <summary>The colours of the closing lines on a terminal: the verdict by its word, each finding by its severity.</summary>
internal static class SummaryColours
{
    /// <summary>One closing line of <c>Summary</c> as Spectre markup; a line it does not know stays as it is (escaped).</summary>
    public static string Markup(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var escaped = Spectre.Console.Markup.Escape(line);
        var colour = line switch
        {
            _ when line.StartsWith("result: PASS", StringComparison.Ordinal) => "bold green",
            _ when line.StartsWith("result: FAIL", StringComparison.Ordinal) => "bold red",
            _ when line.StartsWith("result: INCOMPLETE", StringComparison.Ordinal) => "bold yellow",
            _ when Severity(line) is "CRITICAL" or "HIGH" or "ERROR" => "red",
            _ when Severity(line) is "MEDIUM" => "yellow",
            _ when Severity(line) is "LOW" or "INFO" => "blue",
            _ when line.StartsWith("not covered: ", StringComparison.Ordinal) => "yellow",
            _ when line.StartsWith("reports: ", StringComparison.Ordinal) => "dim",
            _ => null,
        };
        return colour is null ? escaped : $"[{colour}]{escaped}[/]";
    }

    /// <summary>The severity word a finding line starts with (<c>  HIGH     AUD001 ...</c>), or null.</summary>
    private static string? Severity(string line) =>
        line.StartsWith("  ", StringComparison.Ordinal) && line.AsSpan(2).IndexOf(' ') is var end and > 0 ? line.Substring(2, end) : null;
}
