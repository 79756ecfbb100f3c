using Harness.Provisioning;
using Harness.Snapshots;
using Npgsql;

namespace Harness.Drills.Verify;

/// <summary>
/// What a verification reads besides the restored snapshot: which of the roles the expected catalog names exist on the
/// restored server (roles are the server's, not the database's: a physical restore brings them back, a logical one only
/// with <c>pg_dumpall --globals-only</c>), and the keys behind differing digests when a reference database was given.
/// </summary>
/// <param name="MissingRoles">The expected catalog's roles that do not exist on the restored server; null when not read.</param>
/// <param name="Keys">Per differing (table, tenant), the keys that differ from the reference; null without one.</param>
public sealed record RestoredFacts(IReadOnlySet<string>? MissingRoles, IReadOnlyList<KeyComparison>? Keys)
{
    /// <summary>Nothing beyond the two snapshots (what <see cref="RestoreVerifier.Judge(DatabaseSnapshot, DatabaseSnapshot, RestoreVerifyOptions)"/> judges).</summary>
    public static RestoredFacts None { get; } = new(null, null);

    /// <summary>The names among <paramref name="roles"/> that are no role of the server behind <paramref name="connectionString"/> (read-only).</summary>
    public static async Task<IReadOnlySet<string>> MissingRolesAsync(
        string connectionString, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        await using var connection = new NpgsqlConnection(PostgresConnectionString.ReadOnly(connectionString, "harness verify-restore roles"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT rolname::text FROM pg_roles WHERE rolname = ANY(@names)", connection);
        command.Parameters.AddWithValue("names", roles.ToArray());
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            existing.Add(reader.GetString(0));
        }

        return roles.Where(r => !existing.Contains(r)).ToHashSet(StringComparer.Ordinal);
    }
}
