using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Harness.Reporting;

/// <summary>
/// Writes JUnit XML: a test suite per scenario and a test case per check, failing once (<see cref="JUnitFailure"/>: how many
/// findings, a few examples with their evidence) when it found anything; the checks of a scenario that works in stages
/// (<see cref="Harness.Running.CheckResult.Step"/>) are one test case per step instead (<see cref="JUnitCase"/>); a scenario that
/// could not run to its end adds a test case in error that says why, and so does a run in which no check ran (in a suite
/// of its own), so that a CI reading only this file cannot take an incomplete run for a pass.
/// </summary>
public static class JUnitReportWriter
{
    public static async Task WriteAsync(RunReport report, string path, CancellationToken cancellationToken = default)
    {
        var verdict = RunVerdict.Of(report);
        var baseline = report.Suppressions;
        var cases = report.Scenarios.Select(s => JUnitCase.Of(s, baseline)).ToList();
        var suites = new XElement("testsuites",
            new XAttribute("name", $"harness {report.Target}"),
            new XAttribute("tests", cases.Sum(c => c.Count)),
            new XAttribute("failures", cases.Sum(c => c.Count(x => x.Fails))),
            new XAttribute("errors", verdict.Reasons.Count),
            new XAttribute("skipped", cases.Sum(c => c.Sum(x => x.Skips.Count))),
            new XAttribute("time", Seconds(report.Duration)));
        foreach (var (scenario, scenarioCases) in report.Scenarios.Zip(cases))
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", scenario.ScenarioId),
                new XAttribute("tests", scenarioCases.Count),
                new XAttribute("failures", scenarioCases.Count(c => c.Fails)),
                new XAttribute("errors", verdict.Reasons.Count(r => r.ScenarioId == scenario.ScenarioId)),
                new XAttribute("skipped", scenarioCases.Sum(c => c.Skips.Count)),
                new XAttribute("time", Seconds(scenario.Duration)),
                new XAttribute("timestamp", Timestamp(report)));
            foreach (var testCase in scenarioCases)
            {
                suite.Add(testCase.ToXml(baseline));
            }

            foreach (var reason in verdict.Reasons.Where(r => r.ScenarioId == scenario.ScenarioId && scenario.Error is null))
            {
                suite.Add(new XElement("testcase",
                    new XAttribute("classname", scenario.ScenarioId),
                    new XAttribute("name", $"{scenario.ScenarioId} covered its subjects"),
                    new XElement("error", new XAttribute("message", reason.ToString()), reason.Detail)));
            }

            if (scenario.Error is { } error)
            {
                suite.Add(new XElement("testcase",
                    new XAttribute("classname", scenario.ScenarioId),
                    new XAttribute("name", $"{scenario.ScenarioId} ran to its end"),
                    new XElement("error", new XAttribute("message", error), error)));
            }

            suites.Add(suite);
        }

        foreach (var reason in verdict.Reasons.Where(r => r.ScenarioId is null))
        {
            suites.Add(new XElement("testsuite",
                new XAttribute("name", "harness"),
                new XAttribute("tests", 1),
                new XAttribute("failures", 0),
                new XAttribute("errors", 1),
                new XAttribute("time", Seconds(report.Duration)),
                new XAttribute("timestamp", Timestamp(report)),
                new XElement("testcase",
                    new XAttribute("classname", "harness"),
                    new XAttribute("name", "harness ran a check"),
                    new XElement("error", new XAttribute("message", reason.ToString()), reason.Detail))));
        }

        // Evidence is what a probe saw (response bodies, rows): characters XML 1.0 cannot hold would stop the whole file.
        foreach (var attribute in suites.DescendantsAndSelf().Attributes())
        {
            attribute.Value = XmlSafe(attribute.Value);
        }

        foreach (var text in suites.DescendantNodes().OfType<XText>())
        {
            text.Value = XmlSafe(text.Value);
        }

        await using var stream = File.Create(path);
        await new XDocument(new XDeclaration("1.0", "utf-8", null), suites).SaveAsync(stream, SaveOptions.None, cancellationToken);
    }

    /// <summary>The text with every character XML 1.0 does not allow (most control characters, lone surrogates) replaced by U+FFFD.</summary>
    internal static string XmlSafe(string text)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                safe?.Append(text, i, 2);
                i++;
                continue;
            }

            if (XmlConvert.IsXmlChar(text[i]))
            {
                safe?.Append(text[i]);
                continue;
            }

            safe ??= new StringBuilder(text.Length).Append(text, 0, i);
            safe.Append('\uFFFD');
        }

        return safe?.ToString() ?? text;
    }

    private static string Timestamp(RunReport report) => report.StartedAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
