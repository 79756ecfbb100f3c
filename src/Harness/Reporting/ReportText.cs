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

    /// <summary>A metric's value with its unit, e.g. <c>412.5 ms</c>, <c>1250 req/s</c>, <c>3</c> (at most three decimals).</summary>
    public static string Figure(double value, string unit) => Inv($"{value:0.###}") + (unit.Length == 0 ? "" : " " + unit);

    public static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
