using FluentAssertions;
using Harness.Model;
using Harness.Probing;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Probing;

/// <summary>Per-tenant checksums on the test server: blind to row order, sensitive to any tenant's change, and only reading.</summary>
public sealed class TenantChecksumsTests(PostgresFixture postgres)
{
    private const string TenantColumn = "companyId";
    private static readonly TableName Company = new("Company");
    private static readonly TableName AuditLog = new("Audit Log");
    private static readonly TableName[] Tables = [Company, AuditLog];

    private static readonly string[] Rows =
    [
        """("Id", "companyId", "Name", "Amount") VALUES (1, 'acme', 'first', 10.5)""",
        """("Id", "companyId", "Name", "Amount") VALUES (2, 'acme', 'second', NULL)""",
        """("Id", "companyId", "Name", "Amount") VALUES (1, 'globex', 'first', 10.5)""",
        """("Id", "companyId", "Name", "Amount") VALUES (3, 'globex', 'it''s "quoted"', 7)""",
        """("Id", "companyId", "Name", "Amount") VALUES (4, 'initech', 'only', 1)""",
    ];

    private static readonly string[] LogRows =
    [
        """("companyId", "Message") VALUES ('acme', 'signed in')""",
        """("companyId", "Message") VALUES ('acme', 'signed in')""",
        """("companyId", "Message") VALUES ('globex', 'exported')""",
        """("companyId", "Message") VALUES (NULL, 'orphan')""",
    ];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_rows_inserted_in_another_order_give_the_same_checksums()
    {
        var forward = await CreateAsync("cks_fwd", reversed: false);
        var backward = await CreateAsync("cks_bwd", reversed: true);

        var first = await TenantChecksums.ReadAsync(postgres.AdminConnectionString, forward, TenantColumn, Tables, Token);
        var second = await TenantChecksums.ReadAsync(postgres.AdminConnectionString, backward, TenantColumn, Tables, Token);

        second.Should().Equal(first);
        TenantChecksums.Changed(first, second).Should().BeEmpty();
        first.Select(c => (c.Table.Value, c.TenantId, c.Rows)).Should().Equal(
            ("Company", "acme", 2L), ("Company", "globex", 2L), ("Company", "initech", 1L),
            ("Audit Log", "acme", 2L), ("Audit Log", "globex", 1L), ("Audit Log", null, 1L));
        first.Where(c => c.Table == Company).Should().OnlyContain(c => c.KeyHash != null);
        first.Where(c => c.Table == AuditLog).Should().OnlyContain(c => c.KeyHash == null, "the log has no primary key");
        first.Single(c => c.Table == Company && c.TenantId == "acme").RowHash
            .Should().NotBe(first.Single(c => c.Table == Company && c.TenantId == "globex").RowHash);
    }

    [Fact]
    public async Task Changing_one_value_of_one_tenants_row_changes_only_that_tenants_checksum()
    {
        var (before, after) = await BeforeAndAfterAsync(
            "cks_edit", schema => $"""UPDATE "{schema}"."Company" SET "Amount" = 10.6 WHERE "companyId" = 'globex' AND "Id" = 1""");

        TenantChecksums.Changed(before, after).Should().Equal((Company, "globex"));
        var was = before.Single(c => c.Table == Company && c.TenantId == "globex");
        var now = after.Single(c => c.Table == Company && c.TenantId == "globex");
        now.Rows.Should().Be(was.Rows);
        now.KeyHash.Should().Be(was.KeyHash, "the keys are the same");
        now.RowHash.Should().NotBe(was.RowHash);
    }

    [Fact]
    public async Task A_row_moved_to_another_tenant_changes_both_tenants()
    {
        var (before, after) = await BeforeAndAfterAsync(
            "cks_move", schema => $"""UPDATE "{schema}"."Company" SET "companyId" = 'initech' WHERE "companyId" = 'acme' AND "Id" = 2""");

        TenantChecksums.Changed(before, after).Should().BeEquivalentTo([(Company, "acme"), (Company, "initech")]);
        after.Single(c => c.Table == Company && c.TenantId == "acme").Rows.Should().Be(1);
        after.Single(c => c.Table == Company && c.TenantId == "initech").Rows.Should().Be(2);
    }

    [Fact]
    public async Task A_role_with_select_only_reads_the_same_checksums()
    {
        var schema = await CreateAsync("cks_ro", reversed: false);
        var role = $"cks_reader_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync(
            $"""
            CREATE ROLE "{role}" LOGIN PASSWORD '{role}' NOSUPERUSER NOBYPASSRLS;
            GRANT USAGE ON SCHEMA "{schema}" TO "{role}";
            GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}";
            """);
        try
        {
            var reader = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Username = role, Password = role }.ConnectionString;

            var asReader = await TenantChecksums.ReadAsync(reader, schema, TenantColumn, Tables, Token);

            asReader.Should().Equal(await TenantChecksums.ReadAsync(postgres.AdminConnectionString, schema, TenantColumn, Tables, Token));
        }
        finally
        {
            await ExecuteAsync($"DROP OWNED BY \"{role}\"; DROP ROLE \"{role}\";");
        }
    }

    [Fact]
    public async Task With_a_tenancy_model_the_root_is_keyed_by_its_own_key()
    {
        var schema = await CreateAsync("cks_model", reversed: false);
        await ExecuteAsync($"""
            CREATE TABLE "{schema}"."Tenants" ("Key" text PRIMARY KEY, "Plan" text);
            INSERT INTO "{schema}"."Tenants" VALUES ('acme', 'pro'), ('globex', 'free');
            """);
        var model = new TenancyModel
        {
            TenantKey = TenantColumn,
            Root = new TableName("Tenants"),
            RootKey = "Key",
            ContextSetting = "app.company_id",
            AppRole = "app",
            TenantTables = [new TableName("Tenants"), Company],
        };

        var checksums = await TenantChecksums.ReadAsync(postgres.AdminConnectionString, schema, model, Token);

        checksums.Select(c => (c.Table.Value, c.TenantId, c.Rows)).Should().Equal(
            ("Tenants", "acme", 1L), ("Tenants", "globex", 1L),
            ("Company", "acme", 2L), ("Company", "globex", 2L), ("Company", "initech", 1L));
    }

    [Fact]
    public void Each_table_is_one_grouped_query_with_quoted_names()
    {
        var sql = TenantChecksums.Query("app", Company, TenantColumn, ["companyId", "Id"]);

        sql.Should().Be(
            "SELECT r.\"companyId\"::text, count(*), sum(hashtextextended(ROW(r.\"companyId\", r.\"Id\")::text, 0)), "
            + "sum(hashtextextended(ROW(r.*)::text, 0)) FROM \"app\".\"Company\" AS r GROUP BY r.\"companyId\" ORDER BY 1");
    }

    /// <summary>The checksums of a new schema before and after the statement <paramref name="change"/> makes for it.</summary>
    private async Task<(IReadOnlyList<TenantChecksum> Before, IReadOnlyList<TenantChecksum> After)> BeforeAndAfterAsync(string prefix, Func<string, string> change)
    {
        var schema = await CreateAsync(prefix, reversed: false);
        var before = await TenantChecksums.ReadAsync(postgres.AdminConnectionString, schema, TenantColumn, Tables, Token);
        await ExecuteAsync(change(schema));
        return (before, await TenantChecksums.ReadAsync(postgres.AdminConnectionString, schema, TenantColumn, Tables, Token));
    }

    private async Task<string> CreateAsync(string prefix, bool reversed)
    {
        var schema = await postgres.CreateSchemaAsync(prefix, Token);
        var company = reversed ? Rows.Reverse() : Rows;
        var log = reversed ? LogRows.Reverse() : LogRows;
        await ExecuteAsync(
            $"""
            CREATE TABLE "{schema}"."Company" ("Id" int NOT NULL, "companyId" text NOT NULL, "Name" text, "Amount" numeric, PRIMARY KEY ("companyId", "Id"));
            CREATE TABLE "{schema}"."Audit Log" ("companyId" text, "Message" text);
            {string.Concat(company.Select(r => $"INSERT INTO \"{schema}\".\"Company\" {r};\n"))}
            {string.Concat(log.Select(r => $"INSERT INTO \"{schema}\".\"Audit Log\" {r};\n"))}
            """);
        return schema;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}
