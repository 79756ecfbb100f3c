namespace Harness.Migrations;

/// <summary>
/// A migration runner that can stop at a version and apply the later ones one at a time (a SQL folder, or a command
/// whose arguments carry a <c>{target}</c> placeholder), for migration survival.
/// </summary>
public interface ISteppedMigrationRunner : IMigrationRunner
{
    /// <summary>Every version in the order they apply; throws <see cref="MigrationException"/> when they cannot be listed.</summary>
    Task<IReadOnlyList<MigrationStep>> StepsAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies every version up to and including <paramref name="last"/> (into <paramref name="schema"/>, or the database when null).</summary>
    Task ApplyThroughAsync(string adminConnectionString, string? schema, MigrationStep last, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies the one version <paramref name="step"/>, the one after the last applied. With <paramref name="rowSecurityOff"/>
    /// the migrating session runs with <c>row_security = off</c>, so a statement that a policy would filter raises an error
    /// instead of silently touching fewer rows.
    /// </summary>
    Task ApplyStepAsync(string adminConnectionString, string? schema, MigrationStep step, bool rowSecurityOff, CancellationToken cancellationToken = default);
}
