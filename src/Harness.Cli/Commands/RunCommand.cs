using System.CommandLine;
using Harness.Errors;
using Harness.Runner;
using Harness.Cli.Terminal;
using Harness.Provisioning;

namespace Harness.Cli.Commands;

/// <summary><c>harness run</c>: provision, migrate, seed, run the scenarios, report, and exit with the gate's verdict.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest", "-m")
        {
            Description = "The tenancy manifest (harness.yaml).",
            DefaultValueFactory = _ => "harness.yaml",
        };
        var postgres = new Option<string>("--postgres")
        {
            Description = "Where PostgreSQL comes from: auto (Testcontainers when Docker answers, else local), local, testcontainers, or a connection string.",
            DefaultValueFactory = _ => "auto",
        };
        var tenants = new Option<int?>("--tenants") { Description = "Tenants to seed (default: the manifest's seed.tenants, else 50)." };
        var seed = new Option<int>("--seed") { Description = "The seed every random choice flows from.", DefaultValueFactory = _ => 42 };
        var workers = new Option<int>("--workers") { Description = "Worker schemas, each migrated and seeded.", DefaultValueFactory = _ => 1 };
        var scenarios = new Option<string>("--scenarios")
        {
            Description = $"Comma-separated scenario families, or all ({string.Join(", ", ScenarioRegistry.Default.All.Select(s => s.Id))}).",
            DefaultValueFactory = _ => "all",
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the worker schemas on an existing server after the run, for inspection." };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run slice i of n (1-based, e.g. 2/4) of the target probes, for CI runners whose reports `harness report merge` joins; other scenarios run in shard 1.",
        };
        var baseline = new Option<string?>("--baseline")
        {
            Description = "A baseline file (harness baseline writes one): findings it lists are reported as suppressed and do not fail the gate.",
        };
        var reports = CommonOptions.Reports();
        var failOn = CommonOptions.FailOn();
        var rules = CommonOptions.Rules();
        var skipRules = CommonOptions.SkipRules();
        var plain = CommonOptions.Plain();
        var command = new Command("run", "Run the scenarios against the target described by the manifest.")
        {
            manifest, postgres, tenants, seed, workers, scenarios, keep, reports, failOn, shard, rules, skipRules, plain,
        };
        command.Options.Add(baseline);
        var replay = new Option<string?>("--replay")
        {
            Description = "Run the chaos scenario of this report.json again: its run seed and its fault schedule's seed (the same faults at the same offsets).",
        };
        command.Options.Add(replay);
        command.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var options = new RunOptions
            {
                ManifestPath = result.GetValue(manifest)!,
                Postgres = result.GetValue(postgres)!,
                Tenants = result.GetValue(tenants),
                Seed = result.GetValue(seed),
                Workers = result.GetValue(workers),
                Scenarios = [.. result.GetValue(scenarios)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
                ReportsRoot = result.GetValue(reports)!,
                FailOn = result.GetValue(failOn),
                Keep = result.GetValue(keep),
                BaselinePath = result.GetValue(baseline),
                Shard = result.GetValue(shard) is { } slice ? ParseShard(slice) : Harness.Running.Shard.All,
                Rules = CommonOptions.RuleFilterOf(result, rules, skipRules),
            };
            if (result.GetValue(replay) is { } report)
            {
                options = await ChaosReplay.ApplyAsync(options, report, cancellationToken);
            }

            return await ExecuteAsync(options, result.GetValue(plain), cancellationToken);
        }, cancellationToken));
        return command;
    }

    /// <summary>Runs the pipeline with <paramref name="options"/> on the console display, prints the summary and returns the exit code (run and soak alike).</summary>
    internal static async Task<int> ExecuteAsync(RunOptions options, bool plain, CancellationToken cancellationToken)
    {
        var display = RunDisplay.ForConsole(plain);
        var (report, folder) = await display.RunAsync(async progress =>
        {
            var provider = await ProviderChoice.ResolveAsync(options.Postgres, progress, cancellationToken);
            return await new RunPipeline(options, progress).RunAsync(provider, cancellationToken);
        });
        return display.PrintSummary(report, folder);
    }

    /// <summary>The <c>--shard</c> slice; text that is not <c>i/n</c> (Shard.Parse says why) is a usage error.</summary>
    internal static Harness.Running.Shard ParseShard(string text)
    {
        try
        {
            return Harness.Running.Shard.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e) { Option = "--shard" };
        }
    }
}
