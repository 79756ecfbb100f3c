using Harness.Model;
using Npgsql;

namespace Harness.Scenarios.Rls;

/// <summary>
/// Checks, on the probe connection itself, that the matrix runs as the manifest's app role and that RLS applies to it.
/// A superuser or BYPASSRLS role sees every row whatever the policies say, so a matrix run as one would prove nothing.
/// A role that owns a table is not refused: without FORCE ROW LEVEL SECURITY the owner bypasses RLS and the probes show it.
/// The roles the tenant context switches to (<c>SET LOCAL ROLE authenticated</c>) are the roles statements really run as,
/// so they must exist, be reachable from the app role, and be subject to RLS too.
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

        await reader.CloseAsync();
        await CheckContextRolesAsync(connection, model, cancellationToken);
    }

    private static async Task CheckContextRolesAsync(NpgsqlConnection connection, TenancyModel model, CancellationToken cancellationToken)
    {
        var roles = model.Context.Roles;
        if (roles.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT u.n, r.oid IS NOT NULL, coalesce(r.rolsuper, false), coalesce(r.rolbypassrls, false),
                   r.oid IS NOT NULL AND pg_has_role(session_user, r.oid, 'MEMBER')
            FROM unnest($1::text[]) WITH ORDINALITY AS u(n, i) LEFT JOIN pg_roles r ON r.rolname = u.n ORDER BY u.i
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = roles.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var role = reader.GetString(0);
            var problem = (Exists: reader.GetBoolean(1), Super: reader.GetBoolean(2), Bypass: reader.GetBoolean(3), Member: reader.GetBoolean(4)) switch
            {
                { Exists: false } => $"role '{role}' does not exist",
                { Member: false } => $"the app role '{model.AppRole}' cannot switch to role '{role}' (GRANT {role} TO {model.AppRole}; as the app's setup does)",
                { Super: true } => $"role '{role}' is a superuser, so row-level security never applies to it",
                { Bypass: true } => $"role '{role}' has BYPASSRLS, so row-level security never applies to it",
                _ => null,
            };
            if (problem is not null)
            {
                throw new RlsMatrixException(
                    $"The tenant context switches to role '{role}' (SET LOCAL ROLE), but {problem}; refusing to run. Check tenancy.context in the manifest.")
                {
                    AppRole = role,
                };
            }
        }
    }
}
