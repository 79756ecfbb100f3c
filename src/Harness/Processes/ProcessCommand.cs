namespace Harness.Processes;

/// <summary>A program to start without a shell: its arguments (passed as they are, never split), folder and extra environment.</summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The folder it runs in; null: the harness's current folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set on top of the environment the harness runs with.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Give the child a closed standard input (a tool that asks a question gets end-of-file at once); false: it shares the harness's.</summary>
    public bool CloseStandardInput { get; init; } = true;

    /// <summary>
    /// Start it as the leader of its own session and process group, with a private <c>TMPDIR</c>, written down in a
    /// <see cref="ChildRegistry"/>: stopping it reaches everything it started, and a later harness stops it (and removes its
    /// temp files) if this one is killed. For programs that run a while: the app under test, a migration command.
    /// </summary>
    public bool OwnProcessGroup { get; init; }

    /// <summary>When set, also receives every standard output line (never standard error), for a command whose output is data.</summary>
    public OutputTail? StandardOutput { get; init; }
}
