using Harness.Sql;
using Npgsql;

namespace Harness.Workers;

/// <summary>
/// Roles are cluster-wide: a migration's <c>CREATE ROLE</c> outlives the worker it ran in. The run snapshots
/// <c>pg_roles</c> before and after migrating, reports the roles that appeared, and drops at the end those it can
/// prove are its own (they hold objects or privileges in the run's template database) and that did not exist before.
/// </summary>
public static class MigrationRoles
{
    /// <summary>The names of every role on the server.</summary>
    public static async Task<IReadOnlySet<string>> ReadAsync(string adminConnectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT rolname::text FROM pg_roles", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var roles = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            roles.Add(reader.GetString(0));
        }

        return roles;
    }

    /// <summary>Of <paramref name="roles"/>, those that own objects or hold privileges in <paramref name="database"/> (pg_shdepend).</summary>
    public static async Task<IReadOnlyList<string>> DependedOnInAsync(
        string adminConnectionString, string database, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT r.rolname::text FROM pg_shdepend d
            JOIN pg_roles r ON r.oid = d.refobjid AND d.refclassid = 'pg_authid'::regclass
            JOIN pg_database db ON db.oid = d.dbid
            WHERE db.datname = @database AND r.rolname = ANY(@roles) ORDER BY 1
            """,
            connection);
        command.Parameters.AddWithValue("database", database);
        command.Parameters.AddWithValue("roles", roles.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    /// <summary>
    /// Drops each role, best effort: a role that still owns objects or holds privileges elsewhere is kept with a warning.
    /// Returns the roles dropped.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropAsync(
        string adminConnectionString, IEnumerable<string> roles, IProgress<string> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var dropped = new List<string>();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var role in roles)
        {
            try
            {
                await using var command = new NpgsqlCommand($"DROP ROLE IF EXISTS {SqlIdentifier.Quote(role)}", connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                dropped.Add(role);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DependentObjectsStillExist)
            {
                progress.Report($"warning: kept role {role}, created by the migrations: it still owns objects or holds privileges elsewhere ({e.MessageText}{(e.Detail is { } d ? $": {d}" : "")})");
            }
        }

        return dropped;
    }
}
