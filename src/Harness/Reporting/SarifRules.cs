using System.Text;
using System.Text.Json;
using Harness.Findings;

namespace Harness.Reporting;

/// <summary>The SARIF tool component: the harness and every rule a check applied, with its level and security severity.</summary>
internal static class SarifRules
{
    /// <summary>Every rule a check applied or a finding cites, once per id (first seen wins), ordered by id.</summary>
    public static List<Rule> Of(RunReport report)
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

    public static void WriteTool(Utf8JsonWriter json, List<Rule> rules)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", SarifReportWriter.ToolName);
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", PascalCase(rule.Title));
            SarifReportWriter.WriteText(json, "shortDescription", rule.Title);
            SarifReportWriter.WriteText(json, "fullDescription", rule.Title);
            SarifReportWriter.WriteText(json, "help", rule.Remediation);
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", SarifReportWriter.Level(rule.Severity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("security-severity", SarifReportWriter.SecuritySeverity(rule.Severity));
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

    /// <summary>A rule's SARIF <c>name</c>, an identifier-like form of its title: "View without security_invoker" → "ViewWithoutSecurityInvoker".</summary>
    public static string PascalCase(string title)
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
}
