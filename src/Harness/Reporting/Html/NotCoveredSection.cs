using System.Text;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// The checks that could not judge their subject (no seeded ids, every control failed, a set-up that failed): neither
/// passed nor failed, so the page never shows them as clean. Shown only when there is one.
/// </summary>
internal sealed class NotCoveredSection() : HtmlSection("not-covered", "Not covered", "Not covered")
{
    public override bool Shows(HtmlPage page) => page.Report.Scenarios.Any(s => s.NotCovered.Any());

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var notCovered = NotCoveredList.Of(page.Report);
        html.Append(Inv($"<p>{notCovered.Count} check(s) could not judge their subject: neither passed nor failed.</p>\n"))
            .Append("<table class=\"data\" id=\"not-covered-table\">\n<thead><tr>")
            .Append("<th scope=\"col\">scenario</th><th scope=\"col\">rule</th><th scope=\"col\">subject</th><th scope=\"col\">why</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var (scenario, check) in notCovered.Take(NotCoveredList.MaxListed))
        {
            html.Append(Inv($"<tr><td>{Escape(scenario)}</td><td>{Escape(check.Rule.Id)}</td>"))
                .Append(Inv($"<th scope=\"row\">{Escape(check.Subject)}</th><td>{Escape(check.NotCovered!)}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
        if (notCovered.Count > NotCoveredList.MaxListed)
        {
            html.Append(Inv($"<p>{notCovered.Count - NotCoveredList.MaxListed} more are in report.json.</p>\n"));
        }
    }
}
