using Harness.Errors;

namespace Harness.Manifest;

/// <summary>The manifest is invalid. The message reads <c>file:line:column: what is wrong; what is valid</c>.</summary>
public sealed class ManifestException : HarnessException
{
    public ManifestException(string file, int line, int column, string problem)
        : base($"{file}:{line}:{column}: {problem}")
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public ManifestException() : this("harness.yaml", 1, 1, "invalid manifest") { }

    public ManifestException(string message) : this("harness.yaml", 1, 1, message) { }

    public ManifestException(string message, Exception innerException) : base(message, innerException)
    {
        File = "harness.yaml";
        Problem = message;
    }

    public string File { get; }

    public int Line { get; } = 1;

    public int Column { get; } = 1;

    public string Problem { get; }
}
