namespace Harness.Targets.Hosting;

/// <summary>
/// How to run (or reach) a target over HTTP. Every string may name the placeholders of
/// <see cref="TargetDatabase.Placeholders"/> and <c>{port}</c>, a free loopback port the harness picks per start.
/// Immutable; <see cref="Validate"/> runs when a host is built.
/// </summary>
public sealed record CommandTargetOptions
{
    /// <summary>The default URL: the picked port on loopback.</summary>
    public const string DefaultUrl = "http://127.0.0.1:{port}";

    /// <summary>Program and arguments; empty when the target already runs at <see cref="Url"/> (nothing is started or stopped).</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Where the command runs; defaults to the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to the harness's own environment (which the target inherits), e.g. <c>DATABASE_URL: "{appDatabaseUrl}"</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The target's base URL.</summary>
    public string Url { get; init; } = DefaultUrl;

    /// <summary>Polled with GET until it answers 2xx.</summary>
    public string ReadinessPath { get; init; } = "/health";

    /// <summary>How long the target may take to answer <see cref="ReadinessPath"/> with 2xx.</summary>
    public TimeSpan ReadinessTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one probe request may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the target may take to end after SIGTERM when it is stopped, before its process group is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many of the target's last output lines errors show.</summary>
    public int OutputLines { get; init; } = 40;

    /// <summary>Connections kept open to the target (requests in flight are bounded by the scenario).</summary>
    public int MaxConnections { get; init; } = 16;

    public void Validate()
    {
        if (Command.Count > 0 && string.IsNullOrWhiteSpace(Command[0]))
        {
            throw new TargetConfigurationException("target.command: the first item must name the program to run, e.g. [\"node\", \"server.js\"]") { Subject = "target.command" };
        }

        if (Command.Count == 0 && Url.Contains("{port}", StringComparison.Ordinal))
        {
            throw new TargetConfigurationException($"target.url '{Url}' names {{port}} but there is no target.command to start on it; give the URL the app already runs at, or a command") { Subject = "target.url" };
        }

        if (!ReadinessPath.StartsWith('/'))
        {
            throw new TargetConfigurationException($"target.readiness.path '{ReadinessPath}' must start with '/'") { Subject = "target.readiness.path" };
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadinessTimeout, TimeSpan.Zero, nameof(ReadinessTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(StopTimeout, TimeSpan.Zero, nameof(StopTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(OutputLines, 1, nameof(OutputLines));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1, nameof(MaxConnections));
    }
}
