namespace Harness.Migrations;

/// <summary>Brings a worker schema to the target's current version.</summary>
public interface IMigrationRunner
{
    /// <summary>Applies the target's migrations into <paramref name="schema"/> using the admin connection (search path set to it).</summary>
    Task ApplyAsync(string adminConnectionString, string schema, CancellationToken cancellationToken = default);
}
