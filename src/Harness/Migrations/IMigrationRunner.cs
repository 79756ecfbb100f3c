namespace Harness.Migrations;

/// <summary>Brings a worker schema, or a run's template database, to the target's current version.</summary>
public interface IMigrationRunner
{
    /// <summary>
    /// Applies the target's migrations using the admin connection: into <paramref name="schema"/> (search path set to it),
    /// or, when it is null, into the connection's database with the database's default search path (a template database).
    /// </summary>
    Task ApplyAsync(string adminConnectionString, string? schema, CancellationToken cancellationToken = default);
}
