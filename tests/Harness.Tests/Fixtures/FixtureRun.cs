using System.Text.RegularExpressions;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures;

/// <summary>
/// Runs a fixture's own <c>harness.yaml</c> through the real pipeline on the test server, optionally with one of its
/// planted flaws: the manifest is copied with its migration command naming the flaw (the fixture's migrate.sh reads it from
/// the environment), so parallel tests never share a process-wide variable; the migrations and the app still run in the
/// fixture's folder.
/// </summary>
internal static partial class FixtureRun
{
    public static string Folder(string fixture) => Path.Combine(RepositoryPaths.Root, "fixtures", fixture);

    public static IReadOnlyList<string> Flaws(string fixture) =>
        [.. Directory.GetFiles(Path.Combine(Folder(fixture), "flaws"), "*.sql").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    public static async Task<RunReport> RunAsync(
        PostgresFixture postgres, string fixture, string flawVariable, string? flaw, int seed, IReadOnlyList<string> scenarios, CancellationToken cancellationToken)
    {
        // Roles are server-wide and other tests use the Supabase roles too: they exist before the run, so a run never takes
        // them for its own and drops them at its end.
        await Harness.Tests.Rls.SupabaseLike.CreateRolesAsync(postgres.AdminConnectionString, cancellationToken);
        var manifest = await ManifestWithFlawAsync(fixture, flawVariable, flaw, cancellationToken);
        var options = new RunOptions
        {
            ManifestPath = manifest,
            Tenants = 4,
            Seed = seed,
            Scenarios = scenarios,
            ReportsRoot = Directory.CreateTempSubdirectory($"harness-{fixture}-").FullName,
        };
        var (report, _) = await new RunPipeline(options, new Progress<string>()).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), cancellationToken);
        return report;
    }

    private static async Task<string> ManifestWithFlawAsync(string fixture, string flawVariable, string? flaw, CancellationToken cancellationToken)
    {
        var folder = Folder(fixture);
        var yaml = await File.ReadAllTextAsync(Path.Combine(folder, "harness.yaml"), cancellationToken);
        var command = MigrationCommand().Match(yaml);
        if (!command.Success)
        {
            throw new InvalidOperationException($"{fixture}/harness.yaml has no 'command: [\"sh\", \"migrate.sh\"]' to plant a flaw through");
        }

        var replaced = $"command: [\"sh\", \"-c\", \"{flawVariable}={flaw ?? ""} exec sh migrate.sh\"]\n  workingDirectory: {folder}";
        var path = Path.Combine(Directory.CreateTempSubdirectory($"harness-{fixture}-manifest-").FullName, "harness.yaml");
        var copy = yaml.Replace(command.Value, replaced, StringComparison.Ordinal)
            .Replace("\ntarget:\n", $"\ntarget:\n  workingDirectory: {folder}\n", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, copy, cancellationToken);
        return path;
    }

    [GeneratedRegex("""command: \["sh", "migrate\.sh"\]""")]
    private static partial Regex MigrationCommand();
}
