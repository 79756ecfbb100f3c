using System.Text;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>
/// The findings the run's baseline suppressed, each with its entry's reason and expiry, and the entries that expired or
/// matched nothing (warnings, not failures). Shown only when the run had a baseline.
/// </summary>
internal sealed class BaselineSection() : HtmlSection("baseline", "Suppressed", "Suppressed by the baseline")
{
    public override bool Shows(HtmlPage page) => page.Report.Baseline is not null;

    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        var result = page.Report.Suppressions;
        html.Append(Inv($"<p>{Count(result.Suppressed.Count, "finding")} suppressed by {Escape(page.Report.Baseline!.Source)}: listed here, left out of the verdict.</p>\n"));
        if (result.Suppressed.Count > 0)
        {
            html.Append("<table class=\"data\" id=\"suppressed-table\">\n<thead><tr>")
                .Append("<th scope=\"col\">severity</th><th scope=\"col\">rule</th><th scope=\"col\">subject</th><th scope=\"col\">reason</th><th scope=\"col\">expires</th>")
                .Append("</tr></thead>\n<tbody>\n");
            foreach (var (finding, by) in result.Suppressed)
            {
                html.Append(Inv($"<tr><td>{Name(finding.Severity)}</td><td>{Escape(finding.Rule.Id)}</td><th scope=\"row\">{Escape(finding.Subject)}</th>"))
                    .Append(Inv($"<td>{Escape(by.Reason)}</td><td>{by.ExpiresText ?? "never"}</td></tr>\n"));
            }

            html.Append("</tbody>\n</table>\n");
        }

        foreach (var warning in result.Warnings())
        {
            html.Append(Inv($"<p class=\"note\">warning: {Escape(warning)}</p>\n"));
        }
    }
}
