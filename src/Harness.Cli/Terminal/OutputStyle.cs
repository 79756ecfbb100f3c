namespace Harness.Cli.Terminal;

/// <summary>How the CLI writes a run's progress and verdict.</summary>
public enum OutputStyle
{
    /// <summary>Plain timestamped lines, one per step, and the verdict uncoloured: logs, pipes, CI, <c>NO_COLOR</c>, <c>--plain</c>.</summary>
    Plain,

    /// <summary>A live status line with the run's phase above the finished steps, and the verdict in colour: a terminal.</summary>
    Live,
}

/// <summary>The choice between <see cref="OutputStyle.Plain"/> and <see cref="OutputStyle.Live"/>, made once per command.</summary>
internal static class OutputStyles
{
    /// <summary>
    /// Live only on a terminal that can show it: output not redirected, <c>TERM</c> not <c>dumb</c>, <c>NO_COLOR</c> unset or
    /// empty (no-color.org), and no <c>--plain</c> (or <c>HARNESS_PLAIN</c>).
    /// </summary>
    public static OutputStyle Choose(bool outputRedirected, string? term, string? noColor, bool plain) =>
        plain || outputRedirected || !string.IsNullOrEmpty(noColor) || string.Equals(term, "dumb", StringComparison.Ordinal)
            ? OutputStyle.Plain
            : OutputStyle.Live;

    /// <summary>The style for this process's standard output.</summary>
    public static OutputStyle ForConsole(bool plain) =>
        Choose(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("TERM"), Environment.GetEnvironmentVariable("NO_COLOR"), plain);
}
