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
    /// How reports name the step: the file's name when there is one, else the version. Not unique when several files share a
    /// name (Prisma's <c>&lt;timestamp&gt;_&lt;name&gt;/migration.sql</c>): see <see cref="LabelsOf"/>.
    /// </summary>
    public string Name => File is null ? Version : System.IO.Path.GetFileName(File);

    /// <summary>Each step's <see cref="Name"/>, or its version where several steps share that name, so every label names one step.</summary>
    public static IReadOnlyDictionary<MigrationStep, string> LabelsOf(IEnumerable<MigrationStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToList();
        var shared = list.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return list.Distinct().ToDictionary(s => s, s => shared.Contains(s.Name) ? s.Version : s.Name);
    }

    public override string ToString() => Name;
}
