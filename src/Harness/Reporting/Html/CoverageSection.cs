using System.Text;
using System.Text.RegularExpressions;
using Harness.Running;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// What the run covered, so a PASS says what passed: every rule that ran with its checks, passes, findings, not-covered
/// checks and probes; then per scenario a grid of the objects it checked (tables, endpoints, functions) against the
/// aspects it checked them for (operations and contexts, probe kinds), read from the checks' subjects.
/// </summary>
internal sealed partial class CoverageSection() : HtmlSection("coverage", "Coverage", "What was covered")
{
    /// <summary>A scenario's grid lists at most this many objects; the rules table counts them all.</summary>
    private const int MaxObjects = 200;

    public override bool Shows(HtmlPage page) => page.Checks > 0;

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var checks = page.Report.Scenarios.SelectMany(s => s.Checks.Select(c => (Scenario: s.ScenarioId, Check: c))).ToList();
        html.Append(Inv($"<p>{Count(checks.Count, "check")} by {Count(checks.Select(c => c.Check.Rule.Id).Distinct(StringComparer.Ordinal).Count(), "rule")}, "))
            .Append(Inv($"{Count(page.Probes, "probe")}.</p>\n"))
            .Append("<table class=\"data\" id=\"coverage-rules\">\n<thead><tr><th scope=\"col\">scenario</th><th scope=\"col\">rule</th>")
            .Append("<th scope=\"col\" class=\"n\">checks</th><th scope=\"col\" class=\"n\">passed</th><th scope=\"col\" class=\"n\">with findings</th>")
            .Append("<th scope=\"col\" class=\"n\">not covered</th><th scope=\"col\" class=\"n\">probes</th></tr></thead>\n<tbody>\n");
        foreach (var rule in checks.GroupBy(c => (c.Scenario, c.Check.Rule.Id)).OrderBy(g => g.Key.Scenario, StringComparer.Ordinal).ThenBy(g => g.Key.Id, StringComparer.Ordinal))
        {
            var list = rule.Select(c => c.Check).ToList();
            html.Append(Inv($"<tr data-rule=\"{Escape(rule.Key.Id)}\"><td>{Escape(rule.Key.Scenario)}</td><th scope=\"row\"><code>{Escape(rule.Key.Id)}</code> {Escape(list[0].Rule.Title)}</th>"))
                .Append(Inv($"<td class=\"n\">{list.Count}</td><td class=\"n\">{list.Count(c => c.Passed)}</td><td class=\"n\">{list.Count(c => c.Findings.Count > 0)}</td>"))
                .Append(Inv($"<td class=\"n\">{list.Count(c => !c.Covered)}</td><td class=\"n\">{list.Sum(c => c.Probes)}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
        foreach (var scenario in page.Report.Scenarios)
        {
            AppendGrid(html, scenario);
        }
    }

    /// <summary>Objects (rows) by aspects (columns) of one scenario, when its subjects name more than one aspect.</summary>
    private static void AppendGrid(StringBuilder html, ScenarioResult scenario)
    {
        var split = scenario.Checks.Select(c => (Parts: Split(c.Subject), Check: c)).ToList();
        var aspects = split.Select(s => s.Parts.Aspect).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (aspects.Count < 2)
        {
            return;
        }

        var objects = split.Select(s => s.Parts.Object).Distinct(StringComparer.Ordinal).ToList();
        var cells = split.ToLookup(s => (s.Parts.Object, s.Parts.Aspect), s => s.Check);
        html.Append(Inv($"<details class=\"coverage-grid\" data-scenario=\"{Escape(scenario.ScenarioId)}\"><summary>{Escape(scenario.ScenarioId)}: "))
            .Append(Inv($"{Count(objects.Count, "object")} \u00d7 {Count(aspects.Count, "aspect")} checked</summary>\n"))
            .Append("<div class=\"matrix-wrap\"><table class=\"data\">\n<thead><tr><th scope=\"col\">object</th>");
        foreach (var aspect in aspects)
        {
            html.Append(Inv($"<th scope=\"col\">{Escape(aspect)}</th>"));
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var name in objects.Take(MaxObjects))
        {
            html.Append(Inv($"<tr><th scope=\"row\"><code>{Escape(name)}</code></th>"));
            foreach (var aspect in aspects)
            {
                html.Append("<td>").Append(State([.. cells[(name, aspect)]])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
        if (objects.Count > MaxObjects)
        {
            html.Append(Inv($"<p class=\"note\">{objects.Count - MaxObjects} more objects are in report.json.</p>\n"));
        }

        html.Append("</details>\n");
    }

    private static string State(IReadOnlyList<CheckResult> checks) =>
        checks.Count == 0 ? "" :
        checks.Sum(c => c.Findings.Count) is var found and > 0 ? Inv($"\u2717 {found}") :
        checks.Any(c => !c.Covered) ? "not covered" : "\u2713";

    /// <summary><c>GET /sites/{id} read</c> → (<c>GET /sites/{id}</c>, <c>read</c>); <c>sites SELECT own</c> → (<c>sites</c>, <c>SELECT own</c>).</summary>
    private static (string Object, string Aspect) Split(string subject)
    {
        var endpoint = Endpoint().Match(subject);
        var cut = endpoint.Success ? endpoint.Length : subject.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : subject.Length;
        return (subject[..cut], subject[cut..].Trim());
    }

    [GeneratedRegex(@"^[A-Z]+ /\S*")]
    private static partial Regex Endpoint();
}
