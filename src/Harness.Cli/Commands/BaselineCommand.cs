using System.CommandLine;
using Harness.Errors;
using Harness.Findings;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness baseline --report reports/.../report.json --reason "..." [--expires 2027-03-01] [-o harness-baseline.yaml]</c>:
/// writes every finding of a run's report.json as a suppression, so <c>harness run --baseline</c> fails only on new ones.
/// It reads a report rather than running again: the run that CI just made is the one to accept, and reading it costs nothing.
/// Without <c>--reason</c> it refuses (exit 2): a placeholder reason could be merged by accident, a refusal cannot.
/// </summary>
internal static class BaselineCommand
{
    public static Command Create()
    {
        var report = new Option<string>("--report", "-r")
        {
            Description = "The report.json of the run whose findings to accept (reports/<time>-<run>/report.json).",
            Required = true,
        };
        var reason = new Option<string?>("--reason")
        {
            Description = "Why these findings are accepted for now; written into every entry (required: the file is reviewed in pull requests).",
        };
        var expires = new Option<string?>("--expires") { Description = "The day the entries stop suppressing (YYYY-MM-DD); none when left out." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The baseline file to write.",
            DefaultValueFactory = _ => BaselineFile.DefaultName,
        };
        var command = new Command("baseline", "Write a run's findings to a baseline file, so runs with --baseline fail only on new findings.")
        {
            report, reason, expires, output,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var why = result.GetValue(reason);
            if (string.IsNullOrWhiteSpace(why))
            {
                throw new UsageException(
                    "harness baseline needs --reason \"...\": every suppression says why its finding is accepted (reviewers read it in the pull request)")
                {
                    Option = "--reason",
                };
            }

            DateOnly? until = null;
            if (result.GetValue(expires) is { } text)
            {
                until = BaselineFile.ParseDate(text)
                    ?? throw new UsageException($"--expires '{text}' is not a date; write it as YYYY-MM-DD, e.g. --expires 2027-03-01") { Option = "--expires" };
            }

            var run = await LoadAsync(result.GetValue(report)!, cancellationToken);
            var findings = run.Scenarios.SelectMany(s => s.Findings).ToList();
            var path = Path.GetFullPath(result.GetValue(output)!);
            await File.WriteAllTextAsync(path, BaselineFile.Render(findings, why, until), cancellationToken);
            var entries = findings.Select(f => f.Fingerprint).Distinct(StringComparer.Ordinal).Count();
            Console.WriteLine($"wrote {path}: {entries} suppression(s) for {findings.Count} finding(s) of run {run.RunId}; use it with harness run --baseline {result.GetValue(output)}");
            return ExitCodes.Clean;
        }, cancellationToken));
        return command;
    }

    /// <summary>The report; a file that is not a harness report.json (ReportMerge says why in a plain ArgumentException) is a usage error.</summary>
    private static async Task<RunReport> LoadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await ReportMerge.LoadAsync(path, cancellationToken);
        }
        catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
        {
            throw new UsageException(e.Message, e) { Option = "--report" };
        }
    }
}
