using System.CommandLine;
using Harness.Errors;
using Harness.Ledger;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness report merge &lt;report.json&gt;... --output &lt;folder&gt;</c>: joins the reports of a run's shards (<c>run --shard i/n</c>)
/// into one set of reports (JSON, JUnit, SARIF, Markdown...) and exits with the merged gate's verdict (0 clean, 1 findings, 2 incomplete).
/// The HdrHistogram logs the shards' scenarios left next to their report.json are added exactly into the merged folder
/// (<see cref="ShardHistogramMerge"/>); their other files stay in the shards' folders.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("reports") { Description = "The report.json of every shard (or its report folder).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the merged reports.", Required = true };
        var merge = new Command("merge", "Merge the report.json of a run's shards into one set of reports.") { files, output };
        merge.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            // A shard's report folder stands for the report.json in it.
            var paths = result.GetValue(files)!.Select(p => Directory.Exists(p) ? Path.Combine(p, "report.json") : p).ToArray();
            var report = await ShardHistogramMerge.MergeAsync(paths, await MergeAsync(paths, cancellationToken), cancellationToken);
            var folder = Path.GetFullPath(result.GetValue(output)!);
            var ledgerPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paths[0]))!, "ledger.json");
            var ledger = File.Exists(ledgerPath) ? await SeedLedger.LoadAsync(ledgerPath, cancellationToken) : null;
            await ReportSet.WriteAsync(report, folder, ledger, cancellationToken);
            var logs = report.Artifacts.Count(a => a.FileName.EndsWith(ShardHistogramMerge.Extension, StringComparison.OrdinalIgnoreCase));
            Console.WriteLine($"merged {paths.Length} report(s): {report.Scenarios.Sum(s => s.Probes)} probes" + (logs == 0 ? "" : $", {logs} HdrHistogram log(s)"));
            return Summary.Print(report, folder, Console.Out).ExitCode;
        }, cancellationToken));
        return new Command("report", "Work with reports of earlier runs.") { merge };
    }

    /// <summary>The merged report; reports that cannot be merged (ReportMerge says why in a plain ArgumentException) are a usage error.</summary>
    private static async Task<RunReport> MergeAsync(string[] paths, CancellationToken cancellationToken)
    {
        try
        {
            return await ReportMerge.MergeFilesAsync(paths, cancellationToken);
        }
        catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
        {
            throw new UsageException(e.Message, e);
        }
    }
}
