using Harness.Manifest;
using Harness.Migrations;

namespace Harness.Runner;

/// <summary>Picks the migration runner the manifest describes, or none when it has no migrations section.</summary>
public static class MigrationRunnerFactory
{
    public static IMigrationRunner? For(HarnessManifest manifest) => manifest.Migrations switch
    {
        null => null,
        { SqlFolder: { } folder } => new SqlFolderMigrator(folder),
        { Command: { } command } m => new CommandMigrator(command, m.WorkingDirectory ?? Path.GetDirectoryName(manifest.SourcePath)!, m.Timeout),
        _ => null,
    };
}
