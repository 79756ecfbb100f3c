using System.Text;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>The run's facts (<see cref="RunFacts"/>) as a two-column table.</summary>
internal sealed class RunFactsSection() : HtmlSection("run", "Run", "Run")
{
    public override void AppendBody(StringBuilder html, HtmlPage page)
    {
        html.Append("<table class=\"data\" id=\"facts\">\n<tbody>\n");
        foreach (var (name, value) in RunFacts.Of(page.Report, page.Verdict))
        {
            html.Append(Inv($"<tr><th scope=\"row\">{Escape(name)}</th><td>{Escape(value)}</td></tr>\n"));
        }

        html.Append("</tbody>\n</table>\n");
    }
}
