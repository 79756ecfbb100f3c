using System.Globalization;
using FluentAssertions;
using Harness.Migrations;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Fixtures;

/// <summary>
/// The flawed later migrations that migration survival is proven on (the sample's and the Node target's
/// <c>flaws/migrations/*.sql</c>): each one applies after the sample's clean history on a schema that holds data, and
/// leaves the breakage it is named for; and the sample's <c>migrate.sh</c> lists and steps through the versions.
/// </summary>
public sealed class MigrationFlawTests(PostgresFixture postgres)
{
    private const string Baseline = "005_site_reference_numbers.sql";

    /// <summary>For each flaw: a query (as the superuser, on the migrated schema) and what it answers once the flaw is in.</summary>
    private static readonly Dictionary<string, (string Query, string Expected)> Breakage = new(StringComparer.Ordinal)
    {
        ["migration-rebuild-loses-rls"] = (
            "SELECT relrowsecurity OR relforcerowsecurity OR EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = c.oid) FROM pg_class c WHERE oid = 'contractor_documents'::regclass",
            "False"),
        ["migration-new-table-no-policy"] = ("SELECT relrowsecurity FROM pg_class WHERE oid = 'site_hazards'::regclass", "False"),
        ["migration-view-loses-invoker"] = ("SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class WHERE oid = 'site_activity'::regclass", ""),
        ["migration-partition-no-rls"] = (
            "SELECT string_agg(relname || '=' || relrowsecurity, ',' ORDER BY relname) FROM pg_class WHERE relname LIKE 'permit_checks%' AND relkind IN ('r', 'p') AND relnamespace = current_schema()::regnamespace",
            "permit_checks=true,permit_checks_2026=true,permit_checks_2027=false,permit_checks_other=true"),
        // Three tenants of three sites: every site but the first tenant's gets the first tenant's user.
        ["migration-backfill-cross-tenant"] = (
            "SELECT count(*) FROM sites s WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.company_id = s.company_id AND u.full_name = s.contact_name)",
            "6"),
        ["migration-loses-tenant-rows"] = (
            "SELECT string_agg(c.slug || '=' || (SELECT count(*) FROM exports e WHERE e.company_id = c.id), ',' ORDER BY c.id) FROM companies c",
            "cnry-t0001=0,cnry-t0002=3,cnry-t0003=3"),
        ["migration-rls-filtered-backfill"] = (
            "SELECT string_agg(c.slug || '=' || (SELECT count(timezone) FROM sites s WHERE s.company_id = c.id), ',' ORDER BY c.id) FROM companies c",
            "cnry-t0001=3,cnry-t0002=0,cnry-t0003=0"),
        ["migration-grant-public"] = ("SELECT has_table_privilege('public', 'work_permits', 'SELECT')", "True"),
        ["node-migration-read-policy-ignores-tenant"] = (
            "SELECT string_agg(policyname, ',') FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'inductions' AND qual = 'true'",
            "inductions_read"),
        ["node-migration-tenant-key-nullable"] = (
            "SELECT NOT attnotnull AND atthasdef FROM pg_attribute WHERE attrelid = 'work_permits'::regclass AND attname = 'company_id'",
            "True"),
        ["node-migration-definer-no-search-path"] = (
            "SELECT prosecdef AND proconfig IS NULL AND has_function_privilege('public', p.oid, 'EXECUTE') FROM pg_proc p WHERE oid = 'site_sign_in_count(uuid)'::regprocedure",
            "True"),
    };

    /// <summary>Three tenants with canary-bearing text in a few rows of each table, as the seeder would leave them.</summary>
    private const string Seed = """
        INSERT INTO companies (id, name, slug) VALUES
            ('00000000-0000-0000-0000-000000000001', 'cnry-t0001-company', 'cnry-t0001'),
            ('00000000-0000-0000-0000-000000000002', 'cnry-t0002-company', 'cnry-t0002'),
            ('00000000-0000-0000-0000-000000000003', 'cnry-t0003-company', 'cnry-t0003');
        INSERT INTO users (company_id, email, full_name)
            SELECT c.id, 'user' || n || '@' || c.slug || '.test', c.slug || '-user-' || n FROM companies c, generate_series(1, 3) n;
        INSERT INTO sites (company_id, name, address, ref_no)
            SELECT c.id, c.slug || '-site-' || n, c.slug || '-address-' || n, n FROM companies c, generate_series(1, 3) n;
        INSERT INTO inductions (company_id, site_id, title, body) SELECT company_id, id, name || '-induction', name || '-body' FROM sites;
        INSERT INTO sign_ins (company_id, site_id, visitor_name) SELECT company_id, id, name || '-visitor' FROM sites;
        INSERT INTO contractor_documents (company_id, site_id, contractor_name, kind, file_name, size_bytes)
            SELECT company_id, id, name || '-contractor', 'insurance', name || '.pdf', 1000 FROM sites;
        INSERT INTO exports (company_id, requested_by, kind) SELECT company_id, id, full_name || '-export' FROM users;
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string NodeFlaws => Path.Combine(RepositoryPaths.Root, "fixtures", "node-target", "flaws", "migrations");

    private static string SampleFlaws => Path.Combine(RepositoryPaths.SampleTarget, "flaws", "migrations");

    private static IEnumerable<string> FlawFiles => Directory.GetFiles(SampleFlaws, "*.sql").Concat(Directory.GetFiles(NodeFlaws, "*.sql"));

    public static TheoryData<string> Flaws => [.. Breakage.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Every_migration_flaw_has_an_expected_breakage_and_a_one_line_planted_flaw_comment()
    {
        FlawFiles.Select(f => Path.GetFileNameWithoutExtension(f)!).Should().BeEquivalentTo(Breakage.Keys);
        foreach (var file in FlawFiles)
        {
            (await File.ReadAllLinesAsync(file, Token))[0].Should().StartWith("-- Planted flaw: ", file);
        }
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Flaw_applies_after_the_clean_history_on_seeded_data_and_leaves_its_breakage(string flaw)
    {
        var (query, expected) = Breakage[flaw];
        await using var connection = await MigratedAsync(flaw, rowSecurityOff: false);

        (await ScalarAsync(connection, query)).Should().Be(expected);
    }

    [Fact]
    public async Task Rls_filtered_backfill_raises_under_row_security_off()
    {
        var act = async () => await MigratedAsync("migration-rls-filtered-backfill", rowSecurityOff: true);

        (await act.Should().ThrowAsync<MigrationException>()).Which.Message.Should().Contain("row-level security");
    }

    [Fact]
    public async Task Migrate_sh_lists_the_versions_with_a_migration_flaw_last()
    {
        var clean = await MigrateAsync(null, ["--list"]);
        var flawed = await MigrateAsync(new() { ["SAMPLE_FLAW"] = "migration-grant-public" }, ["--list"]);

        var migrations = Directory.GetFiles(RepositoryPaths.SampleMigrations, "*.sql").Select(f => "migrations/" + Path.GetFileName(f)).Order(StringComparer.Ordinal);
        Lines(clean).Should().Equal(migrations);
        Lines(flawed).Should().Equal([.. migrations, "flaws/migrations/migration-grant-public.sql"]);
    }

    [Fact]
    public async Task Migrate_sh_applies_each_version_once_and_records_it()
    {
        var schema = await postgres.CreateSchemaAsync("migsh", Token);
        var environment = PgEnvironment(schema);
        environment["SAMPLE_FLAW"] = "rls-disabled";
        var versions = Lines(await MigrateAsync(environment, ["--list"]));

        var baseline = await MigrateAsync(environment, ["migrations/" + Baseline]);
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema));
        await connection.OpenAsync(Token);
        var atBaseline = await ScalarAsync(connection, "SELECT string_agg(version, ',' ORDER BY version) FROM schema_migrations");
        var last = await MigrateAsync(environment, [versions[^1]]);
        var again = await MigrateAsync(environment, [versions[^1]]);
        var unknown = await MigrateAsync(environment, ["migrations/999_missing.sql"]);

        (baseline.ExitCode, last.ExitCode, again.ExitCode).Should().Be((0, 0, 0), $"{baseline}\n{last}\n{again}");
        atBaseline.Should().Be(string.Join(',', versions.TakeWhile(v => !v.EndsWith(Baseline, StringComparison.Ordinal)).Append("migrations/" + Baseline)));
        (await ScalarAsync(connection, "SELECT string_agg(version, ',' ORDER BY version) FROM schema_migrations"))
            .Should().Be(string.Join(',', versions.Append("flaws/rls-disabled.sql").Order(StringComparer.Ordinal)), "the database flaw comes with the last version");
        (await ScalarAsync(connection, "SELECT relrowsecurity FROM pg_class WHERE oid = 'contractor_documents'::regclass")).Should().Be("False");
        unknown.ExitCode.Should().Be(3, unknown.ToString());
    }

    [Fact]
    public async Task Migrate_sh_without_a_version_applies_everything_and_keeps_no_ledger()
    {
        var schema = await postgres.CreateSchemaAsync("migall", Token);

        var result = await MigrateAsync(PgEnvironment(schema), []);

        result.ExitCode.Should().Be(0, result.ToString());
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema));
        await connection.OpenAsync(Token);
        (await ScalarAsync(connection, "SELECT to_regclass('schema_migrations') IS NULL AND to_regclass('work_permits') IS NOT NULL")).Should().Be("True");
    }

    /// <summary>
    /// A schema with the sample's migrations through the baseline, the seed, the later migrations and then the flaw, each
    /// file in its own transaction as a SQL folder is applied; optionally with <c>row_security = off</c> for the flaw.
    /// </summary>
    private async Task<NpgsqlConnection> MigratedAsync(string flaw, bool rowSecurityOff)
    {
        var schema = await postgres.CreateSchemaAsync("migflaw", Token);
        var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema));
        try
        {
            await ApplyAsync(connection, flaw, rowSecurityOff);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, string flaw, bool rowSecurityOff)
    {
        await connection.OpenAsync(Token);
        foreach (var file in new SqlFolderMigrator(RepositoryPaths.SampleMigrations).Files())
        {
            await SqlFolderMigrator.ApplyFileAsync(connection, file, Token);
            if (Path.GetFileName(file) == Baseline)
            {
                await ExecuteAsync(connection, Seed);
            }
        }

        if (rowSecurityOff)
        {
            await ExecuteAsync(connection, "SET row_security = off");
        }

        var folder = File.Exists(Path.Combine(SampleFlaws, flaw + ".sql")) ? SampleFlaws : NodeFlaws;
        await SqlFolderMigrator.ApplyFileAsync(connection, Path.Combine(folder, flaw + ".sql"), Token);
    }

    private Dictionary<string, string> PgEnvironment(string schema)
    {
        var admin = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString);
        return new Dictionary<string, string>
        {
            ["PGHOST"] = admin.Host!,
            ["PGPORT"] = admin.Port.ToString(CultureInfo.InvariantCulture),
            ["PGUSER"] = admin.Username!,
            ["PGPASSWORD"] = admin.Password ?? "",
            ["PGDATABASE"] = admin.Database!,
            ["PGOPTIONS"] = $"-c search_path={schema}",
        };
    }

    private static Task<CliProcess.Result> MigrateAsync(Dictionary<string, string>? environment, string[] arguments) =>
        CliProcess.RunAsync("sh", ["migrate.sh", .. arguments], RepositoryPaths.SampleTarget, environment, Token);

    private static List<string> Lines(CliProcess.Result result)
    {
        result.ExitCode.Should().Be(0, result.ToString());
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(Token), CultureInfo.InvariantCulture) ?? "";
    }
}
