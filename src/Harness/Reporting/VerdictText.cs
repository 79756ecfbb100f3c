namespace Harness.Reporting;

/// <summary>The two ways a human-readable format marks text: emphasis, and escaping of what comes from the report.</summary>
/// <param name="Strong">Emphasises text that is already escaped.</param>
/// <param name="Text">Escapes text taken from the report.</param>
internal sealed record ReportMarkup(Func<string, string> Strong, Func<string, string> Text);

/// <summary>The verdict's sentences as the Markdown and HTML reports word them, each in its own markup.</summary>
internal static class VerdictText
{
    /// <summary>
    /// <c>No finding at or above low in target: 5 checks, 18 probes, 2 scenarios, 3.50s. Exit code 0.</c>, or with
    /// <c>2 findings at or above low</c> when the gate fails.
    /// </summary>
    public static string Lead(RunReport report, RunVerdict verdict, ReportMarkup markup)
    {
        var failOn = ReportText.Name(report.FailOn);
        var gate = verdict.GateFindings.Count;
        var opening = gate == 0
            ? $"No finding at or above {markup.Strong(failOn)}"
            : markup.Strong($"{ReportText.Count(gate, "finding")} at or above {failOn}");
        return opening + ReportText.Inv(
            $" in {markup.Text(report.Target)}: {ReportText.Count(verdict.Checks, "check")}, {ReportText.Count(verdict.Probes, "probe")}, {ReportText.Count(report.Scenarios.Count, "scenario")}, {ReportText.Duration(report.Duration)}. Exit code {verdict.ExitCode}.");
    }

    /// <summary><c>rls could not run to its end: why</c>, the headline emphasised.</summary>
    public static string Reason(IncompleteReason reason, ReportMarkup markup) =>
        $"{markup.Strong(markup.Text(reason.Headline) + ":")} {markup.Text(reason.Detail)}";
}
