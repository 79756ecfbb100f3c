using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Harness.Findings;

namespace Harness.Reporting;

/// <summary>
/// The one <c>&lt;failure&gt;</c> of a JUnit test case (JUnit allows one): its message names how many findings the check
/// had and the first one's message, its body the tenant pairs, a few examples with evidence and reproduction, and the
/// remediation, per finding group.
/// </summary>
internal static class JUnitFailure
{
    public static XElement Of(IReadOnlyList<Finding> findings)
    {
        var groups = FindingGroup.Of(findings);
        var worst = groups[0];
        var message = findings.Count == 1
            ? findings[0].Message
            : string.Create(CultureInfo.InvariantCulture, $"{findings.Count} findings; e.g. {worst.Findings[0].Message}");
        var body = new StringBuilder();
        foreach (var group in groups)
        {
            AppendGroup(body, group, groups.Count > 1 || group.Count > 1);
        }

        return new XElement("failure",
            new XAttribute("type", $"{worst.Rule.Id} ({worst.Severity})"),
            new XAttribute("message", message),
            body.ToString().TrimEnd('\n'));
    }

    private static void AppendGroup(StringBuilder body, FindingGroup group, bool heading)
    {
        if (heading)
        {
            body.Append(CultureInfo.InvariantCulture, $"{group.Rule.Id} ({group.Severity}) {group.Subject}: {group.Count} finding{(group.Count == 1 ? "" : "s")}");
            body.Append(group.Pairs.Count > 0 ? $"; tenant {group.PairsText}" : "").Append("\n\n");
        }

        var examples = group.Examples;
        for (var i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            if (heading)
            {
                body.Append(CultureInfo.InvariantCulture, $"Example {i + 1} of {group.Count}: {example.Message}\n");
            }

            body.Append(example.Evidence).Append("\n\n");
            if (example.Reproduction is not null)
            {
                body.Append("Reproduce:\n").Append(example.Reproduction).Append("\n\n");
            }
        }

        body.Append("Remediation: ").Append(group.Rule.Remediation).Append("\n\n");
    }
}
