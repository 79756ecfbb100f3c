using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Snapshots;

/// <summary>
/// A small multi-tenant schema of its own for the snapshot tests: a root table, a tenant table with forced RLS, a
/// partitioned tenant table, a security_invoker view and a security_barrier one, SECURITY DEFINER functions with and
/// without a search_path, grants (a column grant, one to PUBLIC), default privileges, and canaries in the rows.
/// Each instance has its own schema and app role (roles are cluster-wide, so the name is unique).
/// </summary>
internal sealed class SnapshotSchema
{
    public const string TenantKey = "tenant_id";
    public const string CanaryA = "cnry-t0001-r0001-snap";
    public const string CanaryA2 = "cnry-t0001-r0002-snap";
    public const string CanaryB = "cnry-t0002-r0001-snap";

    private SnapshotSchema(PostgresFixture postgres, string schema, string appRole)
    {
        Postgres = postgres;
        Schema = schema;
        AppRole = appRole;
    }

    public PostgresFixture Postgres { get; }

    public string Schema { get; }

    /// <summary>The role the grants, the policy on events and the default privileges name (NOLOGIN).</summary>
    public string AppRole { get; }

    public string Admin => Postgres.AdminConnectionString;

    public static async Task<SnapshotSchema> CreateAsync(PostgresFixture postgres, string prefix, CancellationToken cancellationToken)
    {
        var schema = await postgres.CreateSchemaAsync(prefix, cancellationToken);
        var role = $"snap_app_{Guid.NewGuid():N}"[..24];
        var created = new SnapshotSchema(postgres, schema, role);
        await created.ExecuteAsync($"""
            CREATE ROLE "{role}" NOLOGIN;
            SET search_path = "{schema}";
            CREATE TABLE tenants (id text PRIMARY KEY, name text NOT NULL);
            ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
            ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenants_own ON tenants USING (id = current_setting('app.tenant', true));
            CREATE TABLE sites (id int PRIMARY KEY, tenant_id text NOT NULL REFERENCES tenants (id), name text,
                                created timestamptz NOT NULL DEFAULT now());
            CREATE INDEX sites_by_tenant ON sites (tenant_id, name);
            ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
            ALTER TABLE sites FORCE ROW LEVEL SECURITY;
            CREATE POLICY sites_tenant ON sites USING (tenant_id = current_setting('app.tenant', true));
            CREATE TABLE events (id int, tenant_id text NOT NULL, note text, PRIMARY KEY (id, tenant_id)) PARTITION BY LIST (tenant_id);
            CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
            CREATE TABLE events_rest PARTITION OF events DEFAULT;
            ALTER TABLE events ENABLE ROW LEVEL SECURITY;
            CREATE POLICY events_tenant ON events TO "{role}" USING (tenant_id = current_setting('app.tenant', true));
            CREATE TABLE settings (key text PRIMARY KEY, value text);
            CREATE VIEW site_names WITH (security_invoker = on) AS SELECT id, name FROM sites;
            CREATE VIEW site_counts WITH (security_barrier) AS SELECT tenant_id, count(*) AS sites FROM sites GROUP BY tenant_id;
            CREATE FUNCTION pinned() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS 'SELECT 1';
            CREATE FUNCTION unpinned(t text) RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 2';
            REVOKE EXECUTE ON FUNCTION pinned() FROM PUBLIC;
            GRANT USAGE ON SCHEMA "{schema}" TO "{role}";
            GRANT SELECT ON sites, events, tenants TO "{role}";
            GRANT UPDATE (name) ON sites TO "{role}";
            GRANT SELECT ON site_names TO PUBLIC;
            ALTER DEFAULT PRIVILEGES IN SCHEMA "{schema}" GRANT SELECT ON TABLES TO "{role}";
            INSERT INTO tenants VALUES ('a', 'Acme'), ('b', 'Globex'), ('c', 'Initech');
            INSERT INTO sites (id, tenant_id, name) VALUES (1, 'a', 'north {CanaryA}'), (2, 'a', 'south {CanaryA2}'), (3, 'b', 'east {CanaryB}');
            INSERT INTO events VALUES (1, 'a', 'signed in'), (2, 'a', 'exported'), (1, 'b', 'signed in'), (1, 'c', 'signed in');
            INSERT INTO settings VALUES ('motd', 'hello {CanaryB}');
            """, cancellationToken);
        return created;
    }

    /// <summary>Runs SQL in the schema as the admin.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionStringFor(Schema));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
