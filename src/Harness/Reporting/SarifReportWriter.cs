using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harness.Findings;

namespace Harness.Reporting;

/// <summary>
/// Writes SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers): one run, a rule per rule id that any check
/// applied, and a result per finding. Passed checks produce no result. The output depends on the report only.
/// </summary>
public static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string SarifVersion = "2.1.0";

    public const string ToolName = "harness";

    /// <summary>The artifact a result points at when the report's target is not a repository-relative path.</summary>
    public const string PlaceholderArtifact = "harness.yaml";

    /// <summary>The key of the stable fingerprint in <c>partialFingerprints</c> (versioned, as SARIF recommends).</summary>
    public const string FingerprintKey = "harnessFinding/v1";

    // Relaxed escaping keeps SQL and evidence readable ("<", ">", "'" and non-ASCII stay as they are); the file is
    // never embedded in HTML, and the output is still strict JSON.
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default)
    {
        var bytes = RenderUtf8(report);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    /// <summary>The SARIF document as a string (the same bytes <see cref="WriteAsync"/> writes).</summary>
    public static string Render(RunReport report) => Encoding.UTF8.GetString(RenderUtf8(report));

    /// <summary>SARIF <c>level</c> for a severity: Critical/High → error, Medium → warning, Low/Info → note.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub's <c>security-severity</c> (a number 0.0–10.0 written as a string) for a severity.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    /// <summary>
    /// A fingerprint that stays the same across runs for the same problem: a SHA-256 of rule id, subject and message.
    /// Run ids, timings and seeds are left out on purpose, so a re-run updates the existing alert instead of opening a new one.
    /// </summary>
    public static string Fingerprint(Finding finding)
    {
        var key = string.Join('\u001f', finding.Rule.Id, finding.Subject, finding.Message);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>
    /// The repository-relative file results point at: the report's target when it looks like a relative file path
    /// (no whitespace, no scheme or drive colon, not rooted, has an extension or a folder), else <see cref="PlaceholderArtifact"/>.
    /// </summary>
    public static string ArtifactUri(string target)
    {
        var candidate = target.Trim().Replace('\\', '/');
        var looksLikePath = candidate.Length > 0
            && !candidate.Any(char.IsWhiteSpace)
            && !candidate.Contains(':', StringComparison.Ordinal)
            && !candidate.StartsWith('/')
            && !candidate.EndsWith('/')
            && (candidate.Contains('/', StringComparison.Ordinal) || Path.HasExtension(candidate));
        return looksLikePath ? candidate : PlaceholderArtifact;
    }

    private static byte[] RenderUtf8(RunReport report)
    {
        var rules = RulesOf(report);
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);
        var artifact = ArtifactUri(report.Target);
        var verdict = RunVerdict.Of(report);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", SarifVersion);
            json.WriteStartArray("runs");
            json.WriteStartObject();

            WriteTool(json, rules);
            WriteInvocation(json, report, verdict);

            json.WriteStartArray("results");
            foreach (var finding in report.Findings)
            {
                WriteResult(json, finding, ruleIndex[finding.Rule.Id], artifact);
            }

            // Findings the baseline accepts are results too, carrying SARIF's own suppression (code scanning shows them as dismissed).
            foreach (var (finding, by) in report.Suppressed)
            {
                WriteResult(json, finding, ruleIndex[finding.Rule.Id], artifact, by);
            }

            json.WriteEndArray();

            json.WriteStartObject("properties");
            json.WriteString("runId", report.RunId);
            json.WriteString("target", report.Target);
            json.WriteString("failOn", report.FailOn.ToString().ToLowerInvariant());
            json.WriteNumber("exitCode", verdict.ExitCode);
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Every rule a check applied or a finding cites, once per id (first seen wins), ordered by id.</summary>
    private static List<Rule> RulesOf(RunReport report)
    {
        var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var check in report.Scenarios.SelectMany(s => s.Checks))
        {
            rules.TryAdd(check.Rule.Id, check.Rule);
            foreach (var finding in check.Findings)
            {
                rules.TryAdd(finding.Rule.Id, finding.Rule);
            }
        }

        return [.. rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    private static void WriteTool(Utf8JsonWriter json, List<Rule> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolName);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", PascalCase(rule.Title));
            WriteText(json, "shortDescription", rule.Title);
            WriteText(json, "fullDescription", rule.Title);
            WriteText(json, "help", rule.Remediation);
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.Severity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("security-severity", SecuritySeverity(rule.Severity));
            json.WriteString("severity", rule.Severity.ToString().ToLowerInvariant());
            json.WriteStartArray("tags");
            json.WriteStringValue("security");
            json.WriteStringValue("multi-tenant");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, RunReport report, RunVerdict verdict)
    {
        // An incomplete run (a scenario that could not run to its end, or no check at all) makes the execution
        // unsuccessful; each reason is a notification. (A run that cannot start at all writes no report.)
        // A check that could not judge its subject is a warning notification: code scanning shows it was not tested.
        var reasons = verdict.Reasons;
        var notCovered = NotCoveredList.Of(report);
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", reasons.Count == 0);
        if (reasons.Count > 0 || notCovered.Count > 0)
        {
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var reason in reasons)
            {
                json.WriteStartObject();
                json.WriteString("level", "error");
                WriteText(json, "message", reason.ToString());
                json.WriteEndObject();
            }

            foreach (var (scenario, check) in notCovered.Take(NotCoveredList.MaxListed))
            {
                json.WriteStartObject();
                json.WriteString("level", "warning");
                WriteText(json, "message", $"not covered: {scenario} {check.Rule.Id} {check.Subject}: {check.NotCovered}");
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteString("startTimeUtc", Utc(report.StartedAt));
        json.WriteString("endTimeUtc", Utc(report.StartedAt + report.Duration));
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, Finding finding, int ruleIndex, string artifact, Suppression? suppression = null)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Rule.Id);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", Level(finding.Severity));
        WriteText(json, "message", finding.Message);

        // A database object or an endpoint has no source file, so the true location is logical: the subject, named
        // "<scenario>/<subject>". GitHub code scanning, however, only accepts and displays results that carry a
        // physicalLocation with an artifactLocation.uri, so each location also points at the tenancy manifest (the
        // report's target when that is a relative path, else "harness.yaml") at line 1: the file where the tenancy
        // that was violated is described. Viewers that understand logical locations show the subject instead.
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", artifact);
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", 1);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("logicalLocations");
        json.WriteStartObject();
        json.WriteString("name", finding.Subject);
        json.WriteString("fullyQualifiedName", $"{finding.Scenario}/{finding.Subject}");
        json.WriteString("kind", LogicalKind(finding.Subject));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        // Only our own key: "primaryLocationLineHash" is computed by GitHub's upload action from the file's line, and a
        // different value there is reported as inconsistent. Every result shares the placeholder line, so the
        // distinguishing fingerprint is this one.
        json.WriteStartObject("partialFingerprints");
        json.WriteString(FingerprintKey, Fingerprint(finding));
        json.WriteEndObject();

        if (suppression is not null)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", "external");
            json.WriteString("status", "accepted");
            json.WriteString("justification", suppression.ExpiresText is { } expires ? $"{suppression.Reason} (until {expires})" : suppression.Reason);
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        json.WriteString("scenario", finding.Scenario);
        json.WriteString("subject", finding.Subject);
        json.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
        json.WriteString("evidence", finding.Evidence);
        if (finding.Reproduction is not null)
        {
            json.WriteString("reproduction", finding.Reproduction);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The SARIF logical location kind of a subject: a function signature ("f(uuid)") is a "function", an endpoint
    /// ("GET /sites/{id}") a "resource", an object on a table ("policy on table") a "member", anything else (a table,
    /// view or role) a "type".
    /// </summary>
    internal static string LogicalKind(string subject)
    {
        var firstSpace = subject.IndexOf(' ', StringComparison.Ordinal);
        if (firstSpace > 0 && subject[..firstSpace].All(char.IsAsciiLetterUpper) && subject[(firstSpace + 1)..].StartsWith('/'))
        {
            return "resource";
        }

        if (subject.Contains('(', StringComparison.Ordinal))
        {
            return "function";
        }

        return subject.Contains(" on ", StringComparison.Ordinal) ? "member" : "type";
    }

    /// <summary>A rule's SARIF <c>name</c>, an identifier-like form of its title: "View without security_invoker" → "ViewWithoutSecurityInvoker".</summary>
    internal static string PascalCase(string title)
    {
        var name = new StringBuilder(title.Length);
        var upper = true;
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return name.ToString();
    }

    private static void WriteText(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
