using System.Globalization;
using System.Text.Json;
using Harness.Findings;

namespace Harness.Reporting;

/// <summary>
/// The SARIF results: one per finding group (one rule about one subject), with how many findings it stands for, its
/// fingerprint, the place in the code that <see cref="FindingLocator"/> finds (the file and line the group's first finding
/// names itself, when it does: a migration statement), and a few examples.
/// </summary>
internal static class SarifResults
{
    public static void Write(Utf8JsonWriter json, RunReport report, IReadOnlyDictionary<string, int> ruleIndex, FindingLocator locator)
    {
        json.WriteStartArray("results");
        foreach (var group in FindingGroup.Of(report.Findings))
        {
            WriteResult(json, group, ruleIndex[group.Rule.Id], locator.Locate(group.Findings[0]));
        }

        // Findings the baseline accepts are results too, carrying SARIF's own suppression (code scanning shows them as dismissed).
        foreach (var group in FindingGroup.Of(report.Suppressed.Select(s => s.Finding)))
        {
            WriteResult(json, group, ruleIndex[group.Rule.Id], locator.Locate(group.Findings[0]), report.Suppressions.SuppressionOf(group.Findings[0]));
        }

        json.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter json, FindingGroup group, int ruleIndex, SourceLocation location, Suppression? suppression = null)
    {
        var first = group.Findings[0];
        json.WriteStartObject();
        json.WriteString("ruleId", group.Rule.Id);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", SarifReportWriter.Level(group.Severity));
        SarifReportWriter.WriteText(json, "message", group.Count == 1
            ? first.Message
            : string.Create(CultureInfo.InvariantCulture, $"{group.Count} findings of {group.Rule.Id} on {group.Subject}; e.g. {first.Message}"));

        // A database object or an endpoint is logical ("<scenario>/<subject>"), but GitHub code scanning only accepts and
        // shows results with a physical location: the file and line the finding names (a migration statement), else the
        // manifest line that names the endpoint or table, else the migration line that creates the object, else the
        // manifest's tenancy section (FindingLocator).
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", location.Uri);
        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", location.Line);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartArray("logicalLocations");
        json.WriteStartObject();
        json.WriteString("name", group.Subject);
        json.WriteString("fullyQualifiedName", $"{group.Scenario}/{group.Subject}");
        json.WriteString("kind", SarifReportWriter.LogicalKind(group.Subject));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        // Only our own key: "primaryLocationLineHash" is computed by GitHub's upload action from the file's line, and a
        // different value there is reported as inconsistent.
        json.WriteStartObject("partialFingerprints");
        json.WriteString(SarifReportWriter.FingerprintKey, group.Fingerprint);
        json.WriteEndObject();
        json.WriteNumber("occurrenceCount", group.Count);
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
        json.WriteString("scenario", group.Scenario);
        json.WriteString("subject", group.Subject);
        json.WriteString("severity", group.Severity.ToString().ToLowerInvariant());
        json.WriteNumber("count", group.Count);
        if (group.Pairs.Count > 0)
        {
            json.WriteString("tenantPairs", group.PairsText);
        }

        json.WriteString("evidence", first.Evidence);
        if (first.Reproduction is not null)
        {
            json.WriteString("reproduction", first.Reproduction);
        }

        json.WriteStartArray("examples");
        foreach (var example in group.Examples)
        {
            json.WriteStartObject();
            json.WriteString("message", example.Message);
            json.WriteString("evidence", example.Evidence);
            if (example.Reproduction is not null)
            {
                json.WriteString("reproduction", example.Reproduction);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
