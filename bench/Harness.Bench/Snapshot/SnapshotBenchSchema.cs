using System.Globalization;
using Harness.Sql;
using Npgsql;

namespace Harness.Bench.Snapshot;

/// <summary>
/// The schema the snapshot benchmark measures, created and dropped by it: a tenants table and three tenant tables (one
/// with a primary key, one partitioned by hash into four partitions, one without a primary key), with RLS, policies, a
/// view and grants so the catalog is not empty, filled with <c>INSERT ... SELECT generate_series</c>. One canary token per
/// tenant sits in a site's name.
/// </summary>
internal sealed class SnapshotBenchSchema(string adminConnectionString, string name) : IAsyncDisposable
{
    public const string TenantKey = "tenant_id";

    /// <summary>The tenant tables digested by tenant key and their primary keys (the psql reference needs them).</summary>
    public static readonly (string Table, string[] PrimaryKey)[] TenantTables =
    [
        ("audit_log", []),
        ("sites", ["id"]),
        ("visits", ["id", "tenant_id"]),
    ];

    public string Name { get; } = name;

    public static string Canary(int tenant) => string.Create(CultureInfo.InvariantCulture, $"cnry-t{tenant:D4}-r0001-bench");

    public static async Task<SnapshotBenchSchema> CreateAsync(
        string adminConnectionString, int tenants, int rows, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var schema = new SnapshotBenchSchema(adminConnectionString, $"snapbench_{Guid.NewGuid():N}"[..18]);
        var s = SqlIdentifier.Quote(schema.Name);
        // 30 % sites, 50 % visits, 20 % audit log rows, spread round-robin over the tenants.
        var sites = rows * 3 / 10;
        var visits = rows / 2;
        var log = rows - sites - visits;
        progress.Report(string.Create(CultureInfo.InvariantCulture,
            $"seeding {schema.Name}: {tenants:N0} tenants, {sites:N0} sites, {visits:N0} visits (4 hash partitions), {log:N0} audit log rows"));
        await schema.ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            CREATE SCHEMA {s};
            SET search_path = {s};
            CREATE TABLE tenants (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE sites (id bigint PRIMARY KEY, tenant_id int NOT NULL REFERENCES tenants (id), name text NOT NULL,
                                created timestamptz NOT NULL DEFAULT now());
            CREATE TABLE visits (id bigint, tenant_id int NOT NULL, note text, amount numeric(12, 2), PRIMARY KEY (id, tenant_id))
                PARTITION BY HASH (tenant_id);
            CREATE TABLE visits_0 PARTITION OF visits FOR VALUES WITH (MODULUS 4, REMAINDER 0);
            CREATE TABLE visits_1 PARTITION OF visits FOR VALUES WITH (MODULUS 4, REMAINDER 1);
            CREATE TABLE visits_2 PARTITION OF visits FOR VALUES WITH (MODULUS 4, REMAINDER 2);
            CREATE TABLE visits_3 PARTITION OF visits FOR VALUES WITH (MODULUS 4, REMAINDER 3);
            CREATE TABLE audit_log (tenant_id int NOT NULL, message text NOT NULL);
            CREATE INDEX sites_by_tenant ON sites (tenant_id);
            ALTER TABLE sites ENABLE ROW LEVEL SECURITY;
            ALTER TABLE visits ENABLE ROW LEVEL SECURITY;
            ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
            CREATE POLICY sites_tenant ON sites USING (tenant_id = current_setting('app.tenant', true)::int);
            CREATE POLICY visits_tenant ON visits USING (tenant_id = current_setting('app.tenant', true)::int);
            CREATE POLICY log_tenant ON audit_log USING (tenant_id = current_setting('app.tenant', true)::int);
            CREATE VIEW site_names WITH (security_invoker = on) AS SELECT id, name FROM sites;
            INSERT INTO tenants SELECT g, 'tenant ' || g FROM generate_series(1, {tenants}) g;
            INSERT INTO sites (id, tenant_id, name)
                SELECT g, 1 + g % {tenants}, CASE WHEN g <= {tenants} THEN 'site cnry-t' || lpad((1 + g % {tenants})::text, 4, '0') || '-r0001-bench'
                                                  ELSE 'site ' || g END
                FROM generate_series(1, {sites}) g;
            INSERT INTO visits SELECT g, 1 + g % {tenants}, 'visit ' || g, (g % 10000) / 100.0 FROM generate_series(1, {visits}) g;
            INSERT INTO audit_log SELECT 1 + g % {tenants}, 'signed in ' || g FROM generate_series(1, {log}) g;
            """), cancellationToken);
        // Hint bits and statistics set before anything is measured, so neither side pays for them.
        await schema.ExecuteAsync($"VACUUM ANALYZE {s}.tenants, {s}.sites, {s}.visits, {s}.audit_log", cancellationToken);
        return schema;
    }

    public async ValueTask DisposeAsync() =>
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {SqlIdentifier.Quote(Name)} CASCADE", CancellationToken.None);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
