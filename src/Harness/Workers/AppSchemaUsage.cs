using Harness.Catalog;
using Harness.Sql;
using Npgsql;

namespace Harness.Workers;

/// <summary>
/// Migrations written for one schema grant the app role USAGE on it by name (<c>GRANT USAGE ON SCHEMA public TO app</c>);
/// in a worker schema that grant lands on <c>public</c> and the app can reach nothing. After migrating a worker schema,
/// the run grants the app role USAGE on it when the migrations gave it privileges on the schema's tables (they meant
/// "the app's schema"), and refuses with the missing grants spelled out when they gave it none.
/// </summary>
public static class AppSchemaUsage
{
    /// <summary>
    /// Grants <paramref name="appRole"/> USAGE on <paramref name="schema"/> when it lacks it but holds privileges on the
    /// schema's tables, and says so; when it holds neither, returns what is missing. Null when there is nothing to say:
    /// the role does not exist, already has USAGE, or the schema has no table.
    /// </summary>
    public static async Task<string?> EnsureAsync(string adminConnectionString, string schema, string appRole, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var facts = new NpgsqlCommand(
            """
            SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role),
                   EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                           WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm')),
                   EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_roles r ON r.rolname = @role
                           WHERE n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm')
                             AND (has_table_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
                                  OR has_any_column_privilege(r.oid, c.oid, 'SELECT, INSERT, UPDATE')))
            """,
            connection);
        facts.Parameters.AddWithValue("role", appRole);
        facts.Parameters.AddWithValue("schema", schema);
        bool roleExists, hasTables, hasTablePrivilege;
        await using (var reader = await facts.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (roleExists, hasTables, hasTablePrivilege) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
        }

        if (!roleExists || !hasTables || await CatalogReader.HasSchemaUsageAsync(connection, appRole, schema, cancellationToken))
        {
            return null;
        }

        if (!hasTablePrivilege)
        {
            return $"warning: after the migrations, the app role {appRole} has no USAGE on the worker schema {schema} and no privilege on any of its tables, "
                + "so the app can reach nothing there; the migrations must grant them for the schema they run in, e.g. "
                + $"GRANT USAGE ON SCHEMA {SqlIdentifier.Quote(schema)} TO {appRole}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SqlIdentifier.Quote(schema)} TO {appRole}; "
                + $"(in a migration: EXECUTE format('GRANT USAGE ON SCHEMA %I TO {appRole}', current_schema()))";
        }

        await using var grant = new NpgsqlCommand($"GRANT USAGE ON SCHEMA {SqlIdentifier.Quote(schema)} TO {SqlIdentifier.Quote(appRole)}", connection);
        await grant.ExecuteNonQueryAsync(cancellationToken);
        return $"granted {appRole} USAGE on schema {schema}: the migrations granted it privileges on the schema's tables but USAGE on another "
            + "schema (written for one schema by name, e.g. GRANT USAGE ON SCHEMA public)";
    }
}
