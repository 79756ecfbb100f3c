namespace Harness.Tests.Infrastructure;

/// <summary>Paths inside the repository, found by walking up from the test binaries to Harness.sln.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SampleTarget => Path.Combine(Root, "fixtures", "SampleTarget");

    public static string SampleMigrations => Path.Combine(SampleTarget, "migrations");

    public static string SampleManifest => Path.Combine(SampleTarget, "harness.yaml");

    public static string SampleFlaw(string name) => Path.Combine(SampleTarget, "flaws", name + ".sql");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Harness.sln not found above {AppContext.BaseDirectory}");
    }
}
