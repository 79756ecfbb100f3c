using Harness.Chaos.Pooling;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Scenarios.Chaos;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Chaos.Family;

/// <summary>
/// Runs the chaos family on a bundled fixture's own manifest, with one of its planted flaws (or a list) in the app's
/// environment, short and small (3 tenants, a few seconds of faults): the manifest is copied with its relative paths made
/// absolute, so parallel tests never share a file or a process-wide variable.
/// </summary>
internal static class ChaosFixtureRun
{
    /// <summary>The options every test starts from: gate-sized.</summary>
    public static ChaosOptions Short(ChaosOptions? manifest) => (manifest ?? new ChaosOptions()) with
    {
        Tenants = 3,
        Duration = TimeSpan.FromSeconds(4),
        FaultEvery = TimeSpan.FromMilliseconds(400),
        Rate = 6,
        Flood = 8,
        RestoreWithin = TimeSpan.FromSeconds(10),
    };

    /// <summary>Skips the calling test when PgBouncer is not installed (./run-tests.sh installs it as root).</summary>
    public static void RequirePgBouncer() =>
        Assert.SkipWhen(PgBouncerProcess.FindBinary() is null, "PgBouncer is not installed (Debian/Ubuntu: apt-get install pgbouncer; ./run-tests.sh installs it as root)");

    public static Task<RunReport> RunAsync(
        PostgresFixture postgres, string fixture, string? flaw, Func<ChaosOptions, ChaosOptions> options, CancellationToken cancellationToken) =>
        RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), fixture, flaw, options, cancellationToken);

    /// <summary>The same on a server from <paramref name="provider"/>: a cluster of the test's own, for faults that hit the whole server.</summary>
    public static async Task<RunReport> RunAsync(
        IPostgresProvider provider, string fixture, string? flaw, Func<ChaosOptions, ChaosOptions> options, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "fixtures", fixture);
        var yaml = await File.ReadAllTextAsync(Path.Combine(folder, "harness.yaml"), cancellationToken);
        var copy = yaml
            .Replace("\n  command: [\"sh\", \"migrate.sh\", \"{target}\"]\n", $"\n  command: [\"sh\", \"migrate.sh\", \"{{target}}\"]\n  workingDirectory: {folder}\n", StringComparison.Ordinal)
            .Replace("sqlFolder: ../SampleTarget/migrations", $"sqlFolder: {Path.Combine(RepositoryPaths.Root, "fixtures", "SampleTarget", "migrations")}", StringComparison.Ordinal)
            .Replace("\ntarget:\n", $"\ntarget:\n  workingDirectory: {folder}\n", StringComparison.Ordinal)
            .Replace("\n  environment:\n", $"\n  environment:\n    SAMPLE_FLAW: \"{flaw ?? ""}\"\n", StringComparison.Ordinal);
        var manifest = Path.Combine(Directory.CreateTempSubdirectory($"harness-{fixture}-chaos-manifest-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, copy, cancellationToken);
        var run = new RunOptions
        {
            ManifestPath = manifest,
            Tenants = 4,
            Scenarios = [ChaosScenario.ScenarioId],
            ReportsRoot = Directory.CreateTempSubdirectory($"harness-{fixture}-chaos-").FullName,
            OptionOverrides = new Dictionary<string, Func<object?, object?>>
            {
                [ChaosScenario.ScenarioId] = read => options(Short(read as ChaosOptions)),
            },
        };
        var (report, _) = await new RunPipeline(run, new Progress<string>()).RunAsync(provider, cancellationToken);
        return report;
    }
}
