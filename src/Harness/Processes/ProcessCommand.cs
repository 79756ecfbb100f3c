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
}
