using System.Text;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>Per scenario: checks, passed, probes, findings and duration as a table, then the durations as a bar chart.</summary>
internal sealed class ScenariosSection() : HtmlSection("scenarios", "Scenarios", "Scenarios")
{
    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var report = page.Report;
        if (report.Scenarios.Count == 0)
        {
            html.Append("<p class=\"note\">No scenario ran.</p>\n");
            return;
        }

        html.Append("<table class=\"data\" id=\"scenario-table\">\n<thead><tr>")
            .Append("<th scope=\"col\">scenario</th><th scope=\"col\" class=\"n\">checks</th><th scope=\"col\" class=\"n\">passed</th>")
            .Append("<th scope=\"col\" class=\"n\">probes</th><th scope=\"col\" class=\"n\">findings</th><th scope=\"col\" class=\"n\">duration</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var scenario in report.Scenarios)
        {
            html.Append(Inv($"<tr data-scenario=\"{Escape(scenario.ScenarioId)}\"><th scope=\"row\">{Escape(scenario.ScenarioId)}</th>"))
                .Append(Inv($"<td class=\"n\">{scenario.Checks.Count}</td><td class=\"n\">{scenario.Checks.Count(c => c.Passed)}</td>"))
                .Append(Inv($"<td class=\"n\">{scenario.Probes}</td><td class=\"n\">{scenario.Findings.Count()}</td>"))
                .Append(Inv($"<td class=\"n\">{Duration(scenario.Duration)}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
        TimingChart.Append(html, report);
    }
}
