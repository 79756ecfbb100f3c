namespace Harness.Migrations;

/// <summary>
/// One version of the target's migrations, in the order they apply: a file of a SQL folder, or a version a migration
/// command takes as its <c>{target}</c>.
/// </summary>
/// <param name="Version">What the migrator is told to migrate to: the file's name relative to the folder, or the command's version.</param>
/// <param name="File">The file that holds the migration (absolute), when one is known; findings about the step point at it.</param>
public sealed record MigrationStep(string Version, string? File)
{
    /// <summary>
    /// How reports name the step: the version when it is a path (Prisma's <c>&lt;timestamp&gt;_&lt;name&gt;/migration.sql</c>,
    /// whose file names are all alike), else the file's name when there is one, else the version.
    /// </summary>
    public string Name => File is null || Version.Contains('/', StringComparison.Ordinal) ? Version : System.IO.Path.GetFileName(File);

    public override string ToString() => Name;
}
