using System.Globalization;
using System.Text;
using Harness.Errors;
using Harness.Manifest;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Harness.Findings;

/// <summary>
/// The baseline file (<c>harness-baseline.yaml</c>), reviewed by humans in pull requests:
/// <code>
/// version: 1
/// suppressions:
///   - rule: AUD003
///     subject: public.orders
///     fingerprint: 3f2a9c0d1b7e4a55
///     reason: "legacy table, moved behind RLS in #123"
///     expires: 2027-03-01
/// </code>
/// Every entry needs a reason; <c>expires</c> (a date, the day it stops suppressing) is optional, and <c>fingerprint</c>
/// is optional too but, when written, must be the one of rule and subject. Any mistake is refused with file, line and column.
/// </summary>
public static class BaselineFile
{
    /// <summary>The version of the file's shape this harness reads and writes.</summary>
    public const int Version = 1;

    /// <summary>The file name the README and <c>harness baseline</c> suggest.</summary>
    public const string DefaultName = "harness-baseline.yaml";

    private static readonly string[] EntryKeys = ["rule", "subject", "fingerprint", "reason", "expires"];

    /// <summary>Reads and checks the baseline at <paramref name="path"/>.</summary>
    /// <exception cref="ManifestException">The file is not a valid baseline (the message names file, line and column).</exception>
    /// <exception cref="UsageException">The file does not exist.</exception>
    public static async Task<Baseline> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new UsageException($"baseline {path} does not exist; write one with: harness baseline --report <report.json> --reason \"...\" -o {path}")
            {
                Option = "--baseline",
            };
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
    }

    /// <summary>Parses baseline text read from <paramref name="source"/> (used in messages).</summary>
    /// <exception cref="ManifestException">The text is not a valid baseline.</exception>
    public static Baseline Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ManifestException(source, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            throw new ManifestException(source, 1, 1, $"the baseline is empty; it needs 'version: {Version}' and 'suppressions'");
        }

        var root = new YamlMapping(stream.Documents[0].RootNode, source, "", "version", "suppressions");
        var version = root.Int("version", 1, 1000) ?? throw root.Error(root.Node, $"missing 'version'; this harness reads version: {Version}");
        if (version != Version)
        {
            throw root.Error(root.Find("version")!, $"baseline version {version} is not supported; this harness reads version: {Version}");
        }

        var entries = new List<Suppression>();
        switch (root.Find("suppressions"))
        {
            case null:
                throw root.Error(root.Node, "missing 'suppressions' (a list of entries with rule, subject, reason and an optional expires; [] for none)");
            case YamlSequenceNode list:
                var seen = new Dictionary<string, Suppression>(StringComparer.Ordinal);
                for (var i = 0; i < list.Children.Count; i++)
                {
                    var entry = ReadEntry(new YamlMapping(list.Children[i], source, $"suppressions[{i}]", EntryKeys), source);
                    if (seen.TryGetValue(entry.Fingerprint, out var first))
                    {
                        throw new ManifestException(source, (int)list.Children[i].Start.Line, (int)list.Children[i].Start.Column,
                            $"{entry.Rule} {entry.Subject} is suppressed twice (first at {first.Source}); keep one entry");
                    }

                    seen.Add(entry.Fingerprint, entry);
                    entries.Add(entry);
                }

                break;
            case var other:
                throw root.Error(other, "'suppressions' must be a list of entries (rule, subject, reason, expires), or [] for none");
        }

        return new Baseline(source, entries);
    }

    /// <summary>
    /// A baseline that suppresses every fingerprint of <paramref name="findings"/> (one entry per fingerprint, in the order given)
    /// for <paramref name="reason"/>, until <paramref name="expires"/> when given; each entry is preceded by a comment with the
    /// severity and the first finding's message, for the reviewer.
    /// </summary>
    public static string Render(IEnumerable<Finding> findings, string reason, DateOnly? expires)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("a baseline needs a reason for its suppressions", nameof(reason));
        }

        var text = new StringBuilder()
            .Append("# Findings accepted for now: harness run --baseline <this file> fails only on findings not listed here.\n")
            .Append("# Each entry needs a reason; 'expires' (optional) is the day it stops suppressing. Review changes to this file.\n")
            .Append(CultureInfo.InvariantCulture, $"version: {Version}\n");
        var groups = findings.GroupBy(f => f.Fingerprint, StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return text.Append("suppressions: []\n").ToString();
        }

        text.Append("suppressions:\n");
        foreach (var group in groups)
        {
            var first = group.First();
            var count = group.Count();
            text.Append(CultureInfo.InvariantCulture, $"  # {first.Severity.ToString().ToUpperInvariant()} {first.Scenario}: {OneLine(first.Message)}")
                .Append(count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {count - 1} more)\n") : "\n")
                .Append(CultureInfo.InvariantCulture, $"  - rule: {Quote(first.Rule.Id)}\n")
                .Append(CultureInfo.InvariantCulture, $"    subject: {Quote(first.Subject)}\n")
                .Append(CultureInfo.InvariantCulture, $"    fingerprint: {Quote(group.Key)}\n")
                .Append(CultureInfo.InvariantCulture, $"    reason: {Quote(reason)}\n");
            if (expires is { } day)
            {
                text.Append(CultureInfo.InvariantCulture, $"    expires: {day:yyyy-MM-dd}\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A date as <c>expires</c> and <c>--expires</c> take it (<c>2027-03-01</c>), or null when it is not one.</summary>
    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static Suppression ReadEntry(YamlMapping entry, string source)
    {
        var rule = entry.RequiredString("rule", "AUD003");
        var subject = entry.RequiredString("subject", "public.orders");
        var reason = entry.String("reason")
            ?? throw entry.Error(entry.Node, $"suppression of {rule} {subject} has no 'reason'; say why the finding is accepted, e.g. reason: \"legacy table, fixed by #123\"");
        var fingerprint = FindingFingerprint.Of(rule, subject);
        if (entry.String("fingerprint") is { } written && !string.Equals(written, fingerprint, StringComparison.Ordinal))
        {
            throw entry.Error(entry.Find("fingerprint")!,
                $"fingerprint {written} is not the one of {rule} {subject} ({fingerprint}); fix rule or subject, or remove 'fingerprint'");
        }

        DateOnly? expires = null;
        if (entry.String("expires") is { } date)
        {
            expires = ParseDate(date) ?? throw entry.Error(entry.Find("expires")!, $"expires '{date}' is not a date; write it as YYYY-MM-DD, e.g. expires: 2027-03-01");
        }

        var line = entry.Node.Start.Line;
        return new Suppression(rule, subject, fingerprint, reason, expires, string.Create(CultureInfo.InvariantCulture, $"{source}:{line}"));
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>A double-quoted YAML scalar.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
