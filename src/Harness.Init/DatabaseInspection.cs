using Harness.Catalog;
using Harness.Provisioning;
using Npgsql;

namespace Harness.Init;

/// <summary>A privilege some role other than the owner holds on a table of the inspected schema.</summary>
/// <param name="Privileges">SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, as granted.</param>
public sealed record TableGrant(string Table, string Role, bool Superuser, bool BypassRls, bool CanLogin, IReadOnlyList<string> Privileges);

/// <summary>What <c>harness init</c> read from a database: one schema's catalog and who may use its tables.</summary>
/// <param name="Server">"host:port, database 'x' as user 'y'", for comments and messages; never the password.</param>
public sealed record DatabaseInspection(string Schema, string Server, CatalogSnapshot Catalog, IReadOnlyList<TableGrant> Grants)
{
    /// <summary>Role names that give away a platform's conventions (Supabase/PostgREST's anon, authenticated, authenticator).</summary>
    public static IReadOnlyList<string> ConventionRoles { get; } = ["anon", "authenticated", "authenticator", "service_role"];

    /// <summary>Which of <see cref="ConventionRoles"/> exist on the server.</summary>
    public IReadOnlyList<string> ExistingConventionRoles { get; init; } = [];

    private const string GrantsQuery = """
        SELECT c.relname, r.rolname, r.rolsuper, r.rolbypassrls, r.rolcanlogin,
               array_agg(DISTINCT a.privilege_type ORDER BY a.privilege_type)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL aclexplode(c.relacl) a
        JOIN pg_roles r ON r.oid = a.grantee
        WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND a.grantee <> c.relowner
        GROUP BY c.relname, r.rolname, r.rolsuper, r.rolbypassrls, r.rolcanlogin
        ORDER BY c.relname, r.rolname
        """;

    /// <summary>
    /// Reads <paramref name="schema"/> (or the session's current schema) through a read-only session
    /// (<c>default_transaction_read_only=on</c>): only system catalogs are queried, so it is safe on production.
    /// </summary>
    public static async Task<DatabaseInspection> ReadAsync(string connectionString, string? schema, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ReadOnly(connectionString, "harness init (read-only)"));
        var server = PostgresConnectionString.Describe(builder.ConnectionString);
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        schema ??= await CurrentSchemaAsync(connection, server, cancellationToken);
        var catalog = await CatalogReader.ReadAsync(connection, schema, null, cancellationToken);
        if (catalog.Tables.Count == 0)
        {
            throw new InitException(
                $"schema '{schema}' on {server} has no tables; pass --schema <the schema that holds the app's tables>{await OtherSchemasAsync(connection, cancellationToken)}") { Option = "--schema" };
        }

        var grants = new List<TableGrant>();
        await using (var command = new NpgsqlCommand(GrantsQuery, connection))
        {
            command.Parameters.AddWithValue("schema", schema);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                grants.Add(new TableGrant(
                    reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4),
                    reader.GetFieldValue<string[]>(5)));
            }
        }

        var roles = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT rolname FROM pg_roles WHERE rolname = ANY(@names) ORDER BY 1", connection))
        {
            command.Parameters.AddWithValue("names", ConventionRoles.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                roles.Add(reader.GetString(0));
            }
        }

        return new DatabaseInspection(schema, server, catalog, grants) { ExistingConventionRoles = roles };
    }

    private static async Task<string> CurrentSchemaAsync(NpgsqlConnection connection, string server, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT current_schema()", connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new InitException($"no schema of the search path exists on {server}; pass --schema") { Option = "--schema" };
    }

    private static async Task<string> OtherSchemasAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT n.nspname FROM pg_namespace n
            WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
              AND EXISTS (SELECT 1 FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'p'))
            ORDER BY 1 LIMIT 11
            """;
        var names = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names.Count switch
        {
            0 => "; no schema of this database has tables",
            > 10 => $"; schemas with tables include: {string.Join(", ", names.Take(10))}, ...",
            _ => $"; schemas with tables: {string.Join(", ", names)}",
        };
    }
}
