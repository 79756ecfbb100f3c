using Harness.Model;
using Npgsql;

namespace Harness.Scenarios.Rls;

/// <summary>
/// Checks, on the probe connection itself, that the matrix runs as the manifest's app role and that RLS applies to it.
/// A superuser or BYPASSRLS role sees every row whatever the policies say, so a matrix run as one would prove nothing.
/// A role that owns a table is not refused: without FORCE ROW LEVEL SECURITY the owner bypasses RLS and the probes show it.
/// </summary>
internal static class AppRoleGuard
{
    public static async Task CheckAsync(NpgsqlConnection connection, TenancyModel model, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT current_user::text, session_user::text, r.rolsuper, r.rolbypassrls FROM pg_roles r WHERE r.rolname = current_user",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new RlsMatrixException("The RLS matrix could not read the connected role from pg_roles.") { AppRole = model.AppRole };
        }

        var current = reader.GetString(0);
        var session = reader.GetString(1);
        var superuser = reader.GetBoolean(2);
        var bypass = reader.GetBoolean(3);
        if (!string.Equals(current, model.AppRole, StringComparison.Ordinal) || !string.Equals(session, model.AppRole, StringComparison.Ordinal))
        {
            throw new RlsMatrixException(
                $"The RLS matrix must connect as the app role '{model.AppRole}' (database.appRole in the manifest), "
                + $"but the connection is session user '{session}', current user '{current}'; refusing to probe as another role.")
            {
                AppRole = model.AppRole,
            };
        }

        if (superuser || bypass)
        {
            var powers = (superuser, bypass) switch
            {
                (true, true) => "is a superuser and has BYPASSRLS",
                (true, false) => "is a superuser",
                _ => "has BYPASSRLS",
            };
            throw new RlsMatrixException(
                $"The app role '{current}' {powers}: row-level security never applies to it, so the RLS matrix would prove nothing; refusing to run. "
                + $"Fix the role (ALTER ROLE {current} NOSUPERUSER NOBYPASSRLS;) or name the role the app really connects as in database.appRole.")
            {
                AppRole = current,
            };
        }
    }
}
