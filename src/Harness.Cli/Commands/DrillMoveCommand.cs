using System.CommandLine;
using System.Diagnostics;
using Harness.Cli.Terminal;
using Harness.Drills.Move;
using Harness.Errors;
using Harness.Reporting;

namespace Harness.Cli.Commands;

/// <summary>
/// <c>harness drill move</c>: the reference tenant move on a local cluster of its own (<see cref="MoveDrill"/>), verified as
/// <c>verify-move --complete</c> would. The subcommand of <c>harness drill</c>. Exit 0 clean, 1 findings, 2 could not run.
/// </summary>
internal static class DrillMoveCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest", "-m") { Description = "The manifest whose migrations, tenancy and seed the drill uses.", DefaultValueFactory = _ => "fixtures/SampleTarget/harness.yaml" };
        var tenants = new Option<int>("--tenants") { Description = "Tenants seeded into the pool.", DefaultValueFactory = _ => 3 };
        var tenant = new Option<string?>("--tenant") { Description = "The tenant to move: a seeded tenant's index (0-based) or id (default: the first)." };
        var reports = CommonOptions.Reports();
        var failOn = CommonOptions.FailOn();
        var plain = CommonOptions.Plain();
        var command = new Command("move", "Move one tenant from a pooled database to a fresh cell with the reference mover on a local cluster, and verify it.")
        {
            manifest, tenants, tenant, reports, failOn, plain,
        };
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var count = result.GetValue(tenants);
            if (count is < 2 or > 10_000)
            {
                throw new UsageException($"--tenants {count}: give 2 to 10000 (a pool needs another tenant for the move to leave behind)") { Option = "--tenants" };
            }

            var manifestPath = Path.GetFullPath(result.GetValue(manifest)!);
            if (!File.Exists(manifestPath))
            {
                throw new UsageException($"manifest {manifestPath} does not exist; pass --manifest") { Option = "--manifest" };
            }

            var started = DateTimeOffset.UtcNow;
            var stopwatch = Stopwatch.StartNew();
            var display = RunDisplay.ForConsole(result.GetValue(plain));
            var (scenario, target, postgres) = await MoveDrill.RunAsync(
                new MoveDrillOptions
                {
                    ManifestPath = manifestPath,
                    Tenants = count,
                    Tenant = result.GetValue(tenant),
                    Progress = new StepLines(),
                },
                cancellationToken);
            var report = new RunReport
            {
                RunId = "drill-move",
                Target = target,
                Postgres = postgres,
                StartedAt = started,
                Duration = stopwatch.Elapsed,
                FailOn = result.GetValue(failOn),
                Tenants = count,
                Scenarios = [scenario],
            };
            return await ReportOutput.WriteAndSummarizeAsync(report, result.GetValue(reports)!, "drill-move", display, cancellationToken);
        }, cancellationToken));
        return command;
    }

    /// <summary>Each step's line on stderr as it happens (synchronously, so the lines keep their order).</summary>
    private sealed class StepLines : IProgress<string>
    {
        public void Report(string value) => Console.Error.WriteLine(value);
    }
}
