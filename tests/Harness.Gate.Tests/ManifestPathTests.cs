using Harness.Manifest;
using Harness.Xunit;

namespace Harness.Gate.Tests;

/// <summary>
/// Where a gate finds its manifest and the manifest its migrations (docs/xunit-gate.md): a relative manifest path is
/// resolved against the test binaries' folder, and a relative <c>sqlFolder</c> against the manifest's own folder, so a
/// manifest copied to the output needs its migrations copied too, or a path back to the project.
/// </summary>
public sealed class ManifestPathTests : IDisposable
{
    private readonly DirectoryInfo project = Directory.CreateTempSubdirectory("harness-gate-project-");

    [Fact]
    public void A_relative_manifest_path_is_read_from_the_test_binaries_folder()
    {
        var resolved = IsolationGate.ResolveManifestPath("harness.yaml");

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "harness.yaml"), resolved);
        Assert.True(File.Exists(resolved), "the sample's harness.yaml is copied to the output (SampleGate reads it this way)");
        Assert.Equal("/elsewhere/harness.yaml", IsolationGate.ResolveManifestPath("/elsewhere/harness.yaml"));
    }

    [Fact]
    public async Task A_copied_manifest_does_not_find_migrations_left_in_the_project()
    {
        Directory.CreateDirectory(Path.Combine(project.FullName, "migrations"));
        var manifest = WriteCopiedManifest("migrations");

        var error = await Assert.ThrowsAsync<ManifestException>(() => ManifestLoader.LoadAsync(manifest, TestContext.Current.CancellationToken));

        Assert.Contains(Path.Combine(Output, "migrations"), error.Message, StringComparison.Ordinal);
        Assert.Contains("sqlFolder is relative to the manifest's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copied_manifest_finds_migrations_copied_next_to_it()
    {
        Directory.CreateDirectory(Path.Combine(Output, "migrations"));
        var manifest = WriteCopiedManifest("migrations");

        var loaded = await ManifestLoader.LoadAsync(manifest, TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(Output, "migrations"), loaded.Migrations!.SqlFolder);
    }

    [Fact]
    public async Task A_copied_manifest_finds_the_projects_migrations_by_a_path_back_from_the_output()
    {
        var migrations = Directory.CreateDirectory(Path.Combine(project.FullName, "db", "migrations")).FullName;
        var manifest = WriteCopiedManifest("../../../db/migrations");

        var loaded = await ManifestLoader.LoadAsync(manifest, TestContext.Current.CancellationToken);

        Assert.Equal(migrations, loaded.Migrations!.SqlFolder);
    }

    public void Dispose() => project.Delete(recursive: true);

    /// <summary>bin/Release/net10.0 of the temporary test project: where CopyToOutputDirectory puts the manifest.</summary>
    private string Output => Path.Combine(project.FullName, "bin", "Release", "net10.0");

    private string WriteCopiedManifest(string sqlFolder)
    {
        Directory.CreateDirectory(Output);
        var path = Path.Combine(Output, "harness.yaml");
        File.WriteAllText(path, $"""
            version: 1
            name: copied
            tenancy:
              key: org_id
              root: orgs
              context:
                setting: app.org_id
            database:
              appRole: app_user
            migrations:
              sqlFolder: {sqlFolder}
            """);
        return path;
    }
}
