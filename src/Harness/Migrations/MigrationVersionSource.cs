namespace Harness.Migrations;

/// <summary>
/// Where a <see cref="SteppedCommandMigrator"/> learns its versions: a list written in the manifest, or a command that
/// prints them in the order they apply, one per line (blank lines ignored).
/// </summary>
public sealed record MigrationVersionSource
{
    private MigrationVersionSource(IReadOnlyList<string>? versions, IReadOnlyList<string>? command)
    {
        Versions = versions;
        Command = command;
    }

    /// <summary>The versions as listed, in order; null when <see cref="Command"/> prints them.</summary>
    public IReadOnlyList<string>? Versions { get; }

    /// <summary>The command (program and arguments) that prints the versions; null when <see cref="Versions"/> lists them.</summary>
    public IReadOnlyList<string>? Command { get; }

    /// <summary>Versions written out, in the order they apply.</summary>
    public static MigrationVersionSource Listed(IReadOnlyList<string> versions) => new(versions ?? throw new ArgumentNullException(nameof(versions)), null);

    /// <summary>A command whose standard output lists the versions in order, one per line.</summary>
    public static MigrationVersionSource Printed(IReadOnlyList<string> command) => new(null, command ?? throw new ArgumentNullException(nameof(command)));
}
