namespace Harness.Findings;

/// <summary>
/// The file and 1-based line a finding is about when its family knows it better than the subject's definition does (the
/// migration that broke isolation); SARIF and the reports point there.
/// </summary>
/// <param name="Path">The file, absolute or relative to the current directory.</param>
public sealed record SourceFile(string Path, int Line);
