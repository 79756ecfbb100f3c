using System.Globalization;
using Harness.Findings;

namespace Harness.Reporting;

/// <summary>How the human-readable reports word counts, durations and severities, in the invariant culture.</summary>
internal static class ReportText
{
    /// <summary>A severity as the reports name it: <c>critical</c>, <c>high</c>...</summary>
    public static string Name(Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary><c>1 check</c>, <c>2 checks</c>.</summary>
    public static string Count(int count, string noun) => Inv($"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>Seconds with two decimals, e.g. <c>3.50s</c>.</summary>
    public static string Duration(TimeSpan duration) => Inv($"{duration.TotalSeconds:0.00}s");

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
