using System.Text;
using static Harness.Reporting.Html.HtmlText;
using static Harness.Reporting.ReportText;

namespace Harness.Reporting.Html;

/// <summary>The page's header: the verdict in a coloured band, its lead sentence, why the run is incomplete, and the counts.</summary>
internal static class VerdictHeader
{
    /// <summary>Strong text, and text HTML-escaped.</summary>
    private static readonly ReportMarkup Markup = new(text => $"<strong>{text}</strong>", Escape);

    public static void Append(StringBuilder html, HtmlPage page)
    {
        var report = page.Report;
        var verdict = page.Verdict;
        var failOn = Name(report.FailOn);
        html.Append(Inv($"<header class=\"verdict {verdict.Word.ToLowerInvariant()}\" id=\"summary\">\n"))
            .Append(Inv($"<h1>Harness: <span id=\"verdict\">{verdict.Word}</span></h1>\n"))
            .Append("<p class=\"lead\">").Append(VerdictText.Lead(report, verdict, Markup)).Append("</p>\n");
        foreach (var reason in verdict.Reasons)
        {
            html.Append("<p class=\"lead\">").Append(VerdictText.Reason(reason, Markup)).Append("</p>\n");
        }

        html.Append("<ul class=\"stats\">\n");
        AppendStat(html, "checks", page.Checks);
        AppendStat(html, "passed", page.Passed);
        AppendStat(html, "probes", page.Probes);
        AppendStat(html, "findings", page.Findings.Count);
        AppendStat(html, $"at or above {failOn}", page.GateCount);
        AppendStat(html, "tenants", report.Tenants);
        AppendStat(html, "seeded rows", report.SeededRows);
        html.Append(Inv($"<li><span class=\"num\">{Duration(report.Duration)}</span>duration</li>\n"));
        html.Append("</ul>\n</header>\n");
    }

    private static void AppendStat(StringBuilder html, string name, int value) =>
        html.Append(Inv($"<li data-stat=\"{Escape(name)}\"><span class=\"num\">{value}</span>{Escape(name)}</li>\n"));
}
