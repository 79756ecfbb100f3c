using Harness.Manifest;
using Harness.Sql;
using Npgsql;
using System.Security.Cryptography;

namespace Harness.Workers;

/// <summary>
/// On a server the harness owns (its local cluster asks every login for a password), gives each login role the run
/// connects as and that has no password one: the manifest's, or a random one the run then uses. On a user's server
/// nothing is changed (the manifest's passwords are the user's to give).
/// </summary>
public static class LoginPasswords
{
    /// <summary>The manifest with a password for every login role of <c>database</c> that had none on the server.</summary>
    public static async Task<HarnessManifest> FillMissingAsync(string adminConnectionString, HarnessManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var database = manifest.Database;
        var roles = new Dictionary<string, string?>(database.Roles, StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        var appPassword = await EnsureAsync(connection, database.AppRole, database.AppPassword, cancellationToken);
        foreach (var (role, password) in database.Roles)
        {
            roles[role] = await EnsureAsync(connection, role, password, cancellationToken);
        }

        return manifest with { Database = database with { AppPassword = appPassword, Roles = roles } };
    }

    private static async Task<string?> EnsureAsync(NpgsqlConnection connection, string role, string? password, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("SELECT rolcanlogin AND rolpassword IS NULL FROM pg_authid WHERE rolname = @role", connection);
        read.Parameters.AddWithValue("role", role);
        if (await read.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return password;
        }

        var given = password ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var set = new NpgsqlCommand($"ALTER ROLE {SqlIdentifier.Quote(role)} PASSWORD {SqlLiteral.Quote(given)}", connection);
        await set.ExecuteNonQueryAsync(cancellationToken);
        return given;
    }
}
