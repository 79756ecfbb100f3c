using System.CommandLine;
using Harness.Cli.Bench;
using Harness.Runner;
using Harness.Cli.Pipeline;
using Harness.Manifest;
using Harness.Seeders;

namespace Harness.Cli.Commands;

/// <summary><c>harness bench seed</c>: seeding throughput as a ratio against psql \copy of the same rows, in one run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest", "-m") { Description = "The tenancy manifest.", DefaultValueFactory = _ => "fixtures/SampleTarget/harness.yaml" };
        var postgres = new Option<string>("--postgres") { Description = "auto, local, testcontainers or a connection string.", DefaultValueFactory = _ => "auto" };
        var tenants = new Option<int>("--tenants") { DefaultValueFactory = _ => 1000 };
        var users = new Option<int>("--users-per-tenant") { DefaultValueFactory = _ => 50 };
        var rows = new Option<int>("--rows-per-table") { Description = "Rows per tenant table per tenant (1000 x (1 + 50 + 5 x 190) = 1,001,000 on the sample).", DefaultValueFactory = _ => 190 };
        var parallelism = new Option<int>("--parallelism") { DefaultValueFactory = _ => new SeedOptions().Parallelism };
        var skipTriggers = new Option<bool>("--skip-triggers") { Description = "Load with session_replication_role=replica (both sides)." };
        var skew = new Option<double>("--skew") { Description = "0 for equal tenants; 1 for a few large and many small." };
        var seedCommand = new Command("seed", "Seeded rows/s against psql \\copy of the same rows.")
        {
            manifest, postgres, tenants, users, rows, parallelism, skipTriggers, skew,
        };
        seedCommand.SetAction((result, cancellationToken) => Failures.GuardAsync(result.GetValue(CommonOptions.Diagnostics), async () =>
        {
            var progress = new ConsoleProgress(Console.Out);
            var loaded = await ScenarioRegistry.Default.LoadManifestAsync(result.GetValue(manifest)!, cancellationToken);
            var options = new SeedOptions
            {
                Tenants = result.GetValue(tenants),
                UsersPerTenant = result.GetValue(users),
                RowsPerTable = result.GetValue(rows),
                Parallelism = result.GetValue(parallelism),
                SkipTriggers = result.GetValue(skipTriggers),
                Skew = result.GetValue(skew),
                Rules = SeedRules.From(loaded.Seed),
            };
            var provider = await ProviderChoice.ResolveAsync(result.GetValue(postgres)!, progress, cancellationToken);
            await using var server = await provider.StartAsync(cancellationToken);
            progress.Report($"postgres: {server.Description}");
            var outcome = await new SeedBenchmark(loaded, options, progress).RunAsync(server, cancellationToken);
            Console.WriteLine(outcome);
            return ExitCodes.Clean;
        }, cancellationToken));
        return new Command("bench", "Benchmarks, reported as ratios against a reference run in the same process.") { seedCommand };
    }
}
