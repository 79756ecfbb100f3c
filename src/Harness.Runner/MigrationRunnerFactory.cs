using Harness.Manifest;
using Harness.Migrations;

namespace Harness.Runner;

/// <summary>Picks the migration runner the manifest describes, or none when it has no migrations section.</summary>
public static class MigrationRunnerFactory
{
    /// <summary>
    /// A <see cref="SqlFolderMigrator"/>, a <see cref="SteppedCommandMigrator"/> for a command with <c>{target}</c> (its
    /// versions from <c>migrations.versions</c>), a plain <see cref="CommandMigrator"/> otherwise; null without migrations.
    /// </summary>
    public static IMigrationRunner? For(HarnessManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Migrations switch
        {
            null => null,
            { SqlFolder: { } folder } => new SqlFolderMigrator(folder),
            { Command: { } command } m when SteppedCommandMigrator.HasTarget(command) =>
                new SteppedCommandMigrator(command, VersionsOf(m), WorkingDirectoryOf(manifest, m), m.Timeout),
            { Command: { } command } m => new CommandMigrator(command, WorkingDirectoryOf(manifest, m), m.Timeout),
            _ => null,
        };
    }

    /// <summary>
    /// The runner as one that can stop at a version and step (for migration survival); a <see cref="ManifestException"/> at
    /// the migrations section that says what to add when it cannot.
    /// </summary>
    public static ISteppedMigrationRunner SteppedFor(HarnessManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return For(manifest) switch
        {
            ISteppedMigrationRunner stepped => stepped,
            null => throw new ManifestException(manifest.SourcePath, 1, 1,
                "stepping through migrations needs a 'migrations' section: sqlFolder (each file is a step) or a command with {target} and versions"),
            _ => throw new ManifestException(manifest.SourcePath, manifest.Lines.SectionLine("migrations") ?? 1, 1,
                "migrations.command cannot stop at a version; put {target} where the tool takes the version to migrate to "
                + "(e.g. [flyway, \"-target={target}\", migrate]) and list the versions in migrations.versions "
                + "(a list, or { command: [...] } that prints them one per line), or use sqlFolder"),
        };
    }

    private static MigrationVersionSource VersionsOf(MigrationsSection migrations) =>
        migrations.Versions is { } listed ? MigrationVersionSource.Listed(listed)
        : migrations.VersionsCommand is { } printer ? MigrationVersionSource.Printed(printer)
        : throw new MigrationException("migrations.command has {target} but no migrations.versions; list the versions, or give a command that prints them");

    private static string WorkingDirectoryOf(HarnessManifest manifest, MigrationsSection migrations) =>
        migrations.WorkingDirectory ?? Path.GetDirectoryName(manifest.SourcePath)!;
}
