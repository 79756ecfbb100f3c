using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Harness.Findings;

namespace Harness.Reporting;

/// <summary>
/// Writes SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers): one run, a rule per rule id that any check
/// applied, and a result per finding group (<see cref="FindingGroup"/>: one rule about one subject, with its count and
/// examples). Passed checks produce no result. The output depends on the report (and the locator) only.
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

    public static Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default) =>
        WriteAsync(report, path, locator: null, cancellationToken);

    /// <summary>
    /// Writes the log; <paramref name="locator"/> says where each subject is written (null when the manifest is not known:
    /// then every result points at line 1 of the report's target or <see cref="PlaceholderArtifact"/>).
    /// </summary>
    public static async Task WriteAsync(RunReport report, string path, FindingLocator? locator, CancellationToken cancellationToken = default) =>
        await File.WriteAllBytesAsync(path, RenderUtf8(report, locator), cancellationToken);

    /// <summary>The SARIF document as a string (the same bytes <see cref="WriteAsync(RunReport, string, FindingLocator?, CancellationToken)"/> writes).</summary>
    public static string Render(RunReport report, FindingLocator? locator = null) => Encoding.UTF8.GetString(RenderUtf8(report, locator));

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

    private static byte[] RenderUtf8(RunReport report, FindingLocator? locator)
    {
        var rules = SarifRules.Of(report);
        var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);
        var verdict = RunVerdict.Of(report);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", SarifVersion);
            json.WriteStartArray("runs");
            json.WriteStartObject();

            SarifRules.WriteTool(json, rules);
            WriteInvocation(json, report, verdict);
            SarifResults.Write(json, report, ruleIndex, locator ?? FindingLocator.Unknown(ArtifactUri(report.Target)));

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

    internal static void WriteText(Utf8JsonWriter json, string property, string text)
    {
        json.WriteStartObject(property);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
