using System.Text.RegularExpressions;
using Harness.Findings;
using Harness.Manifest;
using Harness.Migrations;

namespace Harness.Reporting;

/// <summary>A file (relative to the repository, with forward slashes) and a 1-based line.</summary>
public sealed record SourceLocation(string Uri, int Line);

/// <summary>
/// Where in the code a finding's subject is written, for SARIF and code scanning: the manifest line of the endpoint or
/// table when the manifest names it, else the migration file and line that creates the table, policy, function or view
/// (or enables row-level security on the table), else the manifest's <c>tenancy</c> section. A finding whose family knows
/// its file and line (<see cref="Finding.Location"/>) is located there instead (<see cref="Locate(SourceFile)"/>).
/// </summary>
public sealed partial class FindingLocator
{
    private readonly string manifestUri;
    private readonly ManifestLines lines;
    private readonly int fallbackLine;
    private readonly IReadOnlyList<(MigrationDefinition Definition, string Uri)> definitions;
    private readonly Func<string, string> uriOf;

    private FindingLocator(
        string manifestUri, ManifestLines lines, int fallbackLine, IReadOnlyList<(MigrationDefinition, string)> definitions, Func<string, string> uriOf)
    {
        this.manifestUri = manifestUri;
        this.lines = lines;
        this.fallbackLine = fallbackLine;
        this.definitions = definitions;
        this.uriOf = uriOf;
    }

    /// <summary>
    /// For a report whose manifest is not known (merged from files, an audit from command-line flags): every subject is
    /// located at line 1 of <paramref name="uri"/>, the file where the tenancy is described; nothing better is known.
    /// A file a finding names itself (<see cref="Locate(SourceFile)"/>) is taken relative to the current directory.
    /// </summary>
    public static FindingLocator Unknown(string uri) => new(uri, ManifestLines.Empty, 1, [], UriFunction(Path.GetFullPath(Directory.GetCurrentDirectory()), null));

    /// <summary>
    /// A locator for a run of <paramref name="manifest"/>: file names are relative to <paramref name="repositoryRoot"/>
    /// (the current directory when null) when they are under it, else relative to the manifest's folder.
    /// </summary>
    public static FindingLocator For(HarnessManifest manifest, string? repositoryRoot = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var root = Path.GetFullPath(repositoryRoot ?? Directory.GetCurrentDirectory());
        var manifestPath = Path.GetFullPath(manifest.SourcePath);
        var uri = UriFunction(root, Path.GetDirectoryName(manifestPath) ?? root);

        var definitions = manifest.Migrations?.SqlFolder is { } folder && Directory.Exists(folder)
            ? [.. MigrationDefinitionScanner.ScanFolder(folder).Select(d => (d, uri(d.File)))]
            : new List<(MigrationDefinition, string)>();
        var fallback = manifest.Lines.SectionLine("tenancy") ?? 1;
        return new FindingLocator(uri(manifestPath), manifest.Lines, fallback, definitions, uri);
    }

    /// <summary>
    /// The URI this locator gives <paramref name="path"/> (absolute, or relative to the current directory): relative to the
    /// repository root with forward slashes when the file is under it, else relative to the manifest's folder, else its name.
    /// </summary>
    public string UriOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return uriOf(Path.GetFullPath(path));
    }

    /// <summary>Where a finding that names its own file and line (<see cref="Finding.Location"/>) is: that file and line (at least 1).</summary>
    public SourceLocation Locate(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new(UriOf(file.Path), Math.Max(1, file.Line));
    }

    /// <summary>Where <paramref name="finding"/> is: its own <see cref="Finding.Location"/> when it has one, else where its subject is written.</summary>
    public SourceLocation Locate(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Location is { } file ? Locate(file) : Locate(finding.Subject);
    }

    /// <summary>Where <paramref name="subject"/> (a finding's or group's subject) is written.</summary>
    public SourceLocation Locate(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (Endpoint().Match(subject) is { Success: true } endpoint)
        {
            var route = $"{endpoint.Groups["m"].Value} {endpoint.Groups["p"].Value}";
            return lines.EntryLine(route) is { } routeLine ? new(manifestUri, routeLine) : Fallback;
        }

        var (name, table, isFunction) = Names(subject);
        if (table is null && lines.EntryLine(name) is { } tableLine)
        {
            return new(manifestUri, tableLine);
        }

        var found = table is not null
            ? Find(d => d.Kind == MigrationObjectKind.Policy && d.Name == name && d.Table == table) ?? Defining(table)
            : isFunction ? Find(d => d.Kind == MigrationObjectKind.Function && d.Name == name) : Defining(name);
        return found ?? (table is not null && lines.EntryLine(table) is { } line ? new(manifestUri, line) : Fallback);
    }

    private SourceLocation Fallback => new(manifestUri, fallbackLine);

    /// <summary>Where a table or view is created, else where row-level security is enabled on it.</summary>
    private SourceLocation? Defining(string name) =>
        Find(d => d.Kind is MigrationObjectKind.Table or MigrationObjectKind.View && d.Name == name)
        ?? Find(d => d.Kind == MigrationObjectKind.RowSecurity && d.Name == name);

    private SourceLocation? Find(Func<MigrationDefinition, bool> match) =>
        definitions.FirstOrDefault(d => match(d.Definition)) is { Uri: not null } hit ? new(hit.Uri, hit.Definition.Line) : null;

    /// <summary>
    /// The object a subject is about: <c>policy on table ...</c> gives the policy and its table, <c>f(uuid) ...</c> a function,
    /// anything else its first word (a table or view); schema qualification and quotes are dropped.
    /// </summary>
    private static (string Name, string? Table, bool IsFunction) Names(string subject)
    {
        var words = subject.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 3 && words[1] == "on")
        {
            return (Unqualified(words[0]), Unqualified(words[2]), false);
        }

        var first = words.Length > 0 ? words[0] : subject;
        var paren = first.IndexOf('(', StringComparison.Ordinal);
        return paren > 0 ? (Unqualified(first[..paren]), null, true) : (Unqualified(first), null, false);
    }

    /// <summary><c>public.sites</c> → <c>sites</c>, <c>"Company"</c> → <c>Company</c>.</summary>
    private static string Unqualified(string name)
    {
        var dot = name.LastIndexOf("\".", StringComparison.Ordinal) is var q and >= 0 ? q + 1 : name.StartsWith('"') ? -1 : name.LastIndexOf('.');
        var last = dot >= 0 ? name[(dot + 1)..] : name;
        return last.Length >= 2 && last.StartsWith('"') && last.EndsWith('"') ? last[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : last;
    }

    private static Func<string, string> UriFunction(string root, string? manifestFolder) =>
        path => Relative(root, path) ?? (manifestFolder is null ? null : Relative(manifestFolder, path)) ?? Path.GetFileName(path);

    private static string? Relative(string folder, string path)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative.Replace('\\', '/');
    }

    [GeneratedRegex(@"^(?<m>[A-Z]+) (?<p>/\S*)")]
    private static partial Regex Endpoint();
}
