using System.Globalization;
using System.Text;
using Harness.Findings;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting;

/// <summary>
/// Writes a Markdown summary for CI step summaries (e.g. <c>$GITHUB_STEP_SUMMARY</c>): verdict, scenarios, the steps of
/// those that work in stages (<see cref="MarkdownSteps"/>), their metrics
/// (when any), the findings that reach the gate grouped by rule and subject (<see cref="MarkdownFindings"/>), and the
/// run's facts.
/// The output depends on the report only: the one timestamp is the report's <see cref="RunReport.StartedAt"/>.
/// </summary>
public static class MarkdownReportWriter
{
    /// <summary>At most this many finding groups are listed (table rows and detail sections); the rest are counted and left to report.json.</summary>
    public const int MaxFindingRows = 200;

    private static readonly HashSet<string> SqlKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ABORT", "ALTER", "ANALYZE", "BEGIN", "CALL", "CHECKPOINT", "CLOSE", "CLUSTER", "COMMENT", "COMMIT", "COPY",
        "CREATE", "DEALLOCATE", "DECLARE", "DELETE", "DISCARD", "DO", "DROP", "END", "EXECUTE", "EXPLAIN", "FETCH",
        "GRANT", "IMPORT", "INSERT", "LISTEN", "LOCK", "MERGE", "MOVE", "NOTIFY", "PREPARE", "REASSIGN", "REFRESH",
        "REINDEX", "RELEASE", "RESET", "REVOKE", "ROLLBACK", "SAVEPOINT", "SECURITY", "SELECT", "SET", "SHOW", "START",
        "TABLE", "TRUNCATE", "UNLISTEN", "UPDATE", "VACUUM", "VALUES", "WITH",
    };

    /// <summary>Bold text, and text escaped for a table cell or a paragraph.</summary>
    private static readonly ReportMarkup Markup = new(text => $"**{text}**", Cell);

    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default) =>
        await File.WriteAllTextAsync(path, Render(report), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);

    /// <summary>The Markdown summary, with <c>\n</c> line endings.</summary>
    public static string Render(RunReport report)
    {
        var md = new StringBuilder();
        var verdict = RunVerdict.Of(report);
        var gate = verdict.GateFindings;
        var failOn = Name(report.FailOn);

        md.Append("## Harness: ").Append(verdict.Word).Append("\n\n");
        foreach (var reason in verdict.Reasons)
        {
            md.Append(VerdictText.Reason(reason, Markup)).Append("\n\n");
        }

        md.Append(VerdictText.Lead(report, verdict, Markup)).Append("\n\n");

        AppendScenarios(md, report);
        MarkdownSteps.Append(md, report);
        MarkdownMetrics.Append(md, report);
        if (gate.Count > 0)
        {
            MarkdownFindings.Append(md, gate, failOn);
        }

        AppendNotCovered(md, report);
        AppendSkipped(md, report);
        MarkdownBaseline.Append(md, report);
        var below = report.Findings.Count() - gate.Count;
        if (below > 0)
        {
            md.Append(Inv($"{Count(below, "finding")} below {failOn} {(below == 1 ? "is" : "are")} in report.json.\n\n"));
        }

        AppendFacts(md, report, verdict);
        return md.ToString();
    }

    private static void AppendScenarios(StringBuilder md, RunReport report)
    {
        md.Append("### Scenarios\n\n");
        md.Append("| scenario | checks | passed | probes | findings | duration |\n");
        md.Append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var scenario in report.Scenarios)
        {
            md.Append(Inv($"| {Cell(scenario.ScenarioId)}{(scenario.Error is null ? "" : " (could not run to its end)")} | {scenario.Checks.Count} | {scenario.Checks.Count(c => c.Passed)} | "))
                .Append(Inv($"{scenario.Probes} | {scenario.Findings.Count()} | {Duration(scenario.Duration)} |\n"));
        }

        md.Append('\n');
    }

    /// <summary>The checks of rules the run's rule filter left out, by rule: neither passed nor failed (each is in report.json and junit.xml).</summary>
    private static void AppendSkipped(StringBuilder md, RunReport report)
    {
        var skipped = report.Scenarios.SelectMany(s => s.Skipped).ToList();
        if (skipped.Count == 0)
        {
            return;
        }

        md.Append(Inv($"### Skipped ({skipped.Count})\n\n"));
        md.Append(Inv($"Checks of rules the rule filter left out ({Cell(skipped[0].Skipped!)}): neither passed nor failed.\n\n"));
        md.Append("| rule | checks |\n| --- | ---: |\n");
        foreach (var rule in skipped.GroupBy(c => c.Rule.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            md.Append(Inv($"| {Cell(rule.Key)} | {rule.Count()} |\n"));
        }

        md.Append('\n');
    }

    private static void AppendNotCovered(StringBuilder md, RunReport report)
    {
        var notCovered = NotCoveredList.Of(report);
        if (notCovered.Count == 0)
        {
            return;
        }

        md.Append(Inv($"### Not covered ({notCovered.Count})\n\n"));
        md.Append("Checks that could not judge their subject: neither passed nor failed.\n\n");
        md.Append("| scenario | rule | subject | why |\n| --- | --- | --- | --- |\n");
        foreach (var (scenario, check) in notCovered.Take(NotCoveredList.MaxListed))
        {
            md.Append(Inv($"| {Cell(scenario)} | {Cell(check.Rule.Id)} | {Cell(check.Subject)} | {Cell(check.NotCovered!)} |\n"));
        }

        if (notCovered.Count > NotCoveredList.MaxListed)
        {
            md.Append(Inv($"\n{notCovered.Count - NotCoveredList.MaxListed} more are in report.json.\n"));
        }

        md.Append('\n');
    }

    private static void AppendFacts(StringBuilder md, RunReport report, RunVerdict verdict)
    {
        md.Append("### Run\n\n");
        md.Append("| fact | value |\n");
        md.Append("| --- | --- |\n");
        foreach (var (name, value) in RunFacts.Of(report, verdict))
        {
            AppendFact(md, name, value);
        }
    }

    private static void AppendFact(StringBuilder md, string name, string value) =>
        md.Append(Inv($"| {name} | {Cell(value)} |\n"));

    /// <summary>A fenced code block whose fence is longer than any run of backticks in the content.</summary>
    internal static void AppendCode(StringBuilder md, string language, string content)
    {
        var longestRun = 0;
        var run = 0;
        foreach (var c in content)
        {
            run = c == '`' ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        var fence = new string('`', Math.Max(3, longestRun + 1));
        var body = content.ReplaceLineEndings("\n").TrimEnd('\n');
        md.Append(fence).Append(language).Append('\n').Append(body).Append('\n').Append(fence).Append("\n\n");
    }

    /// <summary>"sql" when the reproduction starts with a SQL comment or statement keyword, else "bash" (a curl or shell command).</summary>
    internal static string ReproductionLanguage(string reproduction)
    {
        var text = reproduction.TrimStart();
        if (text.StartsWith("--", StringComparison.Ordinal) || text.StartsWith("/*", StringComparison.Ordinal))
        {
            return "sql";
        }

        var length = 0;
        while (length < text.Length && char.IsAsciiLetter(text[length]))
        {
            length++;
        }

        return length > 0 && SqlKeywords.Contains(text[..length]) ? "sql" : "bash";
    }

    /// <summary>
    /// Text safe inside a table cell or a paragraph: Markdown punctuation that could start emphasis, code, links or
    /// HTML is backslash-escaped (so <c>|</c> becomes <c>\|</c> and cannot split a cell), and line breaks become
    /// <c>&lt;br&gt;</c> so a cell stays on its row.
    /// </summary>
    internal static string Cell(string text)
    {
        var cell = new StringBuilder(text.Length + 8);
        var normalized = text.ReplaceLineEndings("\n");
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            switch (c)
            {
                case '\n':
                    cell.Append("<br>");
                    break;
                case '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '~' or '&' or '#':
                    cell.Append('\\').Append(c);
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        return cell.ToString();
    }

    /// <summary>Text safe inside an HTML element (the details summary), on one line.</summary>
    internal static string Html(string text) =>
        text.ReplaceLineEndings(" ")
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
}
