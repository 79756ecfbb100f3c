using Harness.Runner;
using FluentAssertions;
using Harness.Init;
using Harness.Manifest;
using Harness.Model;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Init;

/// <summary>What <c>harness init</c> infers from less tidy schemas than the sample, in process.</summary>
public sealed class TenancyInferenceTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tables_without_the_key_settings_beside_the_context_and_rls_state_are_reported_for_review()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "initmessy", cancellationToken: Token);
        await ExecuteFileAsync(sample.ConnectionString, RepositoryPaths.SampleFlaw("bypass-guc"));
        await ExecuteFileAsync(sample.ConnectionString, RepositoryPaths.SampleFlaw("missing-tenant-column"));
        await ExecuteAsync(sample.ConnectionString, """
            CREATE TABLE audit_log (id bigserial PRIMARY KEY, site_company uuid, site_id uuid, message text,
                FOREIGN KEY (site_company, site_id) REFERENCES sites (company_id, id));
            CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, migration_name text);
            CREATE TABLE legacy_orgs (id integer PRIMARY KEY, org_id integer);
            ALTER TABLE exports DISABLE ROW LEVEL SECURITY;
            """);
        var output = Path.Combine(Directory.CreateTempSubdirectory("harness-init-").FullName, "harness.yaml");

        var result = await ManifestInitializer.RunAsync(new InitOptions { ConnectionString = sample.ConnectionString, OutputPath = output }, Token);

        var t = result.Tenancy;
        t.Schema.Should().Be(sample.Schema, "without --schema, init reads the connection's current schema");
        t.Key.Column.Should().Be("company_id");
        t.Candidates.Select(c => c.Column).Should().Equal("company_id", "org_id");
        t.Root.Should().Be(new RootGuess(new TableName("companies"), "id", 3));
        t.ContextSetting!.Setting.Should().Be("app.company_id");
        t.Settings.Select(s => s.Setting).Should().Equal("app.company_id", "app.bypass_rls");
        t.Settings[1].WithKey.Should().Be(0, "app.bypass_rls is never compared with company_id");
        Kinds(t).Should().BeEquivalentTo(new Dictionary<string, NonTenantKind>
        {
            ["industries"] = NonTenantKind.ReferenceData,
            ["_prisma_migrations"] = NonTenantKind.MigrationHistory,
            ["audit_log"] = NonTenantKind.LooksLikeTenantData,
            ["site_notes"] = NonTenantKind.Unrelated,
            ["legacy_orgs"] = NonTenantKind.Unrelated,
        });
        t.TenantTables.Single(x => x.Name.Value == "exports").RlsEnabled.Should().BeFalse();

        var text = result.Text;
        text.Should().Contain("  global:\n    - _prisma_migrations ").And.Contain("the migration history of Prisma")
            .And.Contain("#   - audit_log ").And.Contain("references sites: looks like tenant data missing company_id")
            .And.Contain("#   - site_notes ").And.Contain("no foreign key to or from a tenant table")
            .And.Contain("#   org_id: 1 table, no root found, score 1")
            .And.Contain("also read by sign_ins.tenant_isolation: app.bypass_rls  TODO: check it cannot widen access")
            .And.Contain("#   exports               RLS disabled  TODO: the audit reports it (AUD001)")
            .And.Contain("This schema has the history table of Prisma (_prisma_migrations).")
            .And.Contain("#   command: [\"npx\", \"prisma\", \"migrate\", \"deploy\"]");
        ManifestSchema.Validate(text).Should().BeEmpty();
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(output, Token);
        manifest.Tenancy.Global.Should().Equal("_prisma_migrations", "industries");
    }

    [Fact]
    public async Task A_key_by_another_name_is_taken_from_tenant_key_with_its_root_and_a_context_read_through_a_function()
    {
        var schema = await postgres.CreateSchemaAsync("initowner", Token);
        var connection = postgres.ConnectionStringFor(schema);
        await ExecuteAsync(connection, """
            CREATE TABLE owners (id uuid PRIMARY KEY, name text NOT NULL);
            CREATE TABLE notes (owner_id uuid NOT NULL REFERENCES owners (id), id uuid NOT NULL, body text, PRIMARY KEY (owner_id, id));
            CREATE TABLE attachments (owner_id uuid NOT NULL REFERENCES owners (id), id uuid NOT NULL, note_id uuid NOT NULL,
                PRIMARY KEY (owner_id, id), FOREIGN KEY (owner_id, note_id) REFERENCES notes (owner_id, id));
            CREATE FUNCTION current_owner() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.owner', true), '')::uuid $$;
            ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY by_owner ON notes USING (owner_id = current_owner());
            """);
        var output = Path.Combine(Directory.CreateTempSubdirectory("harness-init-").FullName, "harness.yaml");

        var guess = () => ManifestInitializer.RunAsync(new InitOptions { ConnectionString = connection, OutputPath = output }, Token);

        (await guess.Should().ThrowAsync<InitException>()).Which.Message.Should().Contain("no tenant key candidate").And.Contain("--tenant-key");

        var result = await ManifestInitializer.RunAsync(new InitOptions { ConnectionString = connection, OutputPath = output, TenantKey = "owner_id" }, Token);

        result.Tenancy.Key.Column.Should().Be("owner_id");
        result.Tenancy.Root.Should().Be(new RootGuess(new TableName("owners"), "id", 2));
        result.Tenancy.ContextSetting!.Setting.Should().Be("app.owner", "current_owner() reads it");
        result.Tenancy.Roles.Should().BeEmpty();
        result.Text.Should().Contain("appRole: app_user").And.Contain("TODO: no role other than the tables' owners has privileges")
            .And.Contain("# membership: users").And.Contain("#   notes        RLS enabled, not forced; policy: by_owner")
            .And.Contain("#   attachments  RLS disabled");
        var manifest = ScenarioRegistry.Default.ParseManifest(result.Text, output);
        (manifest.Tenancy.Key, manifest.Tenancy.Root, manifest.Tenancy.ContextSetting).Should().Be(("owner_id", "owners", "app.owner"));
        ManifestSchema.Validate(result.Text).Should().BeEmpty();
    }

    [Fact]
    public async Task A_tenant_key_that_no_table_has_is_refused_before_anything_is_written()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "initwrongkey", cancellationToken: Token);
        var output = Path.Combine(Directory.CreateTempSubdirectory("harness-init-").FullName, "harness.yaml");

        var act = () => ManifestInitializer.RunAsync(new InitOptions { ConnectionString = sample.ConnectionString, OutputPath = output, TenantKey = "org_id" }, Token);

        (await act.Should().ThrowAsync<InitException>()).Which.Message.Should().StartWith($"no table in schema '{sample.Schema}' has a column 'org_id'");
        File.Exists(output).Should().BeFalse();
    }

    private static Dictionary<string, NonTenantKind> Kinds(InferredTenancy tenancy) =>
        tenancy.OtherTables.ToDictionary(o => o.Name.Value, o => o.Kind);

    private static async Task ExecuteFileAsync(string connectionString, string file) =>
        await ExecuteAsync(connectionString, await File.ReadAllTextAsync(file, Token));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}
