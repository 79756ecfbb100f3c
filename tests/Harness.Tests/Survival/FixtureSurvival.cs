using System.Text.RegularExpressions;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Survival;

/// <summary>
/// Runs migration survival on a bundled fixture's own manifest: the sample through its migration command (stepped with
/// {target}, its migration flaws named in SAMPLE_FLAW), the Node target through a SQL folder (the sample's migrations plus
/// its own flaw files). The copy has no <c>target</c> section, so the companions are the audit and the RLS matrix only.
/// </summary>
internal static partial class FixtureSurvival
{
    public static async Task<RunReport> SampleAsync(PostgresFixture postgres, IReadOnlyList<string> flaws, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "fixtures", "SampleTarget");
        var flaw = string.Join(',', flaws);
        var yaml = await File.ReadAllTextAsync(Path.Combine(folder, "harness.yaml"), cancellationToken);
        var copy = WithoutTarget(yaml)
            .Replace("""command: ["sh", "migrate.sh", "{target}"]""", "command: [\"sh\", \"-c\", \"SAMPLE_FLAW=" + flaw + " exec sh migrate.sh {target}\"]\n  workingDirectory: " + folder, StringComparison.Ordinal)
            .Replace("""command: ["sh", "migrate.sh", "--list"]""", $"""command: ["sh", "-c", "SAMPLE_FLAW={flaw} exec sh migrate.sh --list"]""", StringComparison.Ordinal);
        return await RunAsync(postgres, "sample", copy, cancellationToken);
    }

    public static async Task<RunReport> NodeAsync(PostgresFixture postgres, IReadOnlyList<string> flaws, CancellationToken cancellationToken)
    {
        var migrations = Directory.CreateTempSubdirectory("harness-node-survival-migrations-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.SampleTarget, "migrations"), "*.sql"))
        {
            File.Copy(file, Path.Combine(migrations, Path.GetFileName(file)));
        }

        for (var i = 0; i < flaws.Count; i++)
        {
            File.Copy(
                Path.Combine(RepositoryPaths.Root, "fixtures", "node-target", "flaws", "migrations", $"{flaws[i]}.sql"),
                Path.Combine(migrations, $"{900 + i}_{flaws[i]}.sql"));
        }

        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "fixtures", "node-target", "harness.yaml"), cancellationToken);
        var copy = WithoutTarget(yaml).Replace("sqlFolder: ../SampleTarget/migrations", $"sqlFolder: {migrations}", StringComparison.Ordinal);
        return await RunAsync(postgres, "node", copy, cancellationToken);
    }

    private static async Task<RunReport> RunAsync(PostgresFixture postgres, string name, string yaml, CancellationToken cancellationToken)
    {
        var manifest = Path.Combine(Directory.CreateTempSubdirectory($"harness-{name}-survival-manifest-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, yaml, cancellationToken);
        var options = new RunOptions
        {
            ManifestPath = manifest,
            Tenants = 4,
            Scenarios = ["survival"],
            ReportsRoot = Directory.CreateTempSubdirectory($"harness-{name}-survival-").FullName,
        };
        var (report, _) = await new RunPipeline(options, new Progress<string>()).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), cancellationToken);
        return report;
    }

    /// <summary>The manifest without its top-level <c>target</c> section (how to start the app).</summary>
    private static string WithoutTarget(string yaml) => TargetSection().Replace(yaml, "");

    [GeneratedRegex(@"^target:\n(?:[ #].*\n|\n)*", RegexOptions.Multiline)]
    private static partial Regex TargetSection();
}
