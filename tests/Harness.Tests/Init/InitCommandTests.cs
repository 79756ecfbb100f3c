using Harness.Runner;
using System.Text.Json;
using FluentAssertions;
using Harness.Manifest;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Init;

/// <summary><c>harness init</c> as users run it: the real CLI process against schemas on the test server.</summary>
public sealed class InitCommandTests(PostgresFixture postgres)
{
    private const string OpenApiJson = """
        {
          "openapi": "3.0.3",
          "info": { "title": "Sample API", "version": "1" },
          "components": { "parameters": { "SiteId": { "name": "siteId", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } } } },
          "paths": {
            "/sites": { "get": { "operationId": "listSites", "responses": { "200": { "description": "ok" } } } },
            "/sites/{siteId}": {
              "parameters": [ { "$ref": "#/components/parameters/SiteId" } ],
              "get": { "operationId": "getSite", "responses": { "200": { "description": "ok" } } },
              "delete": { "operationId": "deleteSite", "responses": { "204": { "description": "gone" } } }
            },
            "/sites/{siteId}/inductions/{id}": {
              "get": {
                "parameters": [ { "$ref": "#/components/parameters/SiteId" }, { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                "responses": { "200": { "description": "ok" } }
              }
            },
            "/gadgets/{gadgetId}": {
              "get": { "parameters": [ { "name": "gadgetId", "in": "path", "required": true, "schema": { "type": "string" } } ], "responses": { "200": { "description": "ok" } } }
            }
          }
        }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_the_sample_it_infers_the_tenancy_and_harness_run_passes_with_the_manifest_it_wrote()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "init", cancellationToken: Token);
        var folder = Directory.CreateTempSubdirectory("harness-init-").FullName;
        var manifest = Path.Combine(folder, "harness.yaml");

        var init = await CliProcess.HarnessAsync(["init", "--db", postgres.ConnectionStringFor(sample.Schema), "--output", manifest], cancellationToken: Token);

        init.ExitCode.Should().Be(0, init.ToString());
        init.Stdout.Should().Contain($"wrote {manifest}");
        var text = await File.ReadAllTextAsync(manifest, Token);
        ModelineTarget(text, folder).Should().Be(ManifestSchema.SchemaPath);
        ManifestSchema.Validate(text).Should().BeEmpty(text);
        var loaded = ScenarioRegistry.Default.ParseManifest(text, manifest);
        loaded.Tenancy.Key.Should().Be("company_id", text);
        loaded.Tenancy.Root.Should().Be("companies");
        loaded.Tenancy.RootKey.Should().Be("id");
        loaded.Tenancy.Membership.Should().Be("users");
        loaded.Tenancy.Global.Should().Equal("industries");
        loaded.Tenancy.ContextSetting.Should().Be("app.company_id");
        loaded.Database.AppRole.Should().Be("sample_app");
        loaded.Database.AppPassword.Should().BeNull("a password cannot be inferred");
        loaded.Migrations.Should().BeNull("migrations cannot be inferred");
        text.Should().Contain("\n# migrations:\n").And.Contain("# TODO: how `harness run` creates this schema")
            .And.Contain("- industries").And.Contain("referenced by companies: reference data")
            .And.Contain("#   sign_ins              RLS enabled, forced; policy: tenant_isolation")
            .And.Contain("# TODO: credentials, for the probes that call your API");

        var migrate = JsonSerializer.Serialize(Path.Combine(RepositoryPaths.SampleTarget, "migrate.sh"));
        await File.AppendAllTextAsync(manifest, $"\nmigrations:\n  command: [\"sh\", {migrate}]\n", Token);
        var reports = Path.Combine(folder, "reports");
        var run = await CliProcess.HarnessAsync(
            ["run", "--manifest", manifest, "--postgres", postgres.AdminConnectionString, "--scenarios", "audit", "--tenants", "5", "--reports", reports],
            cancellationToken: Token);

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("result: PASS");
    }

    [Fact]
    public async Task It_never_overwrites_a_file_without_force()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "initforce", cancellationToken: Token);
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-init-").FullName, "harness.yaml");
        await File.WriteAllTextAsync(manifest, "# mine, hand-written\n", Token);

        var refused = await CliProcess.HarnessAsync(["init", "--db", postgres.ConnectionStringFor(sample.Schema), "--output", manifest], cancellationToken: Token);

        refused.ExitCode.Should().Be(2, refused.ToString());
        refused.Stderr.Should().StartWith($"error: {manifest} already exists; pass --force to overwrite it (nothing was written)");
        refused.Stderr.Should().NotContain("   at ");
        (await File.ReadAllTextAsync(manifest, Token)).Should().Be("# mine, hand-written\n");

        var forced = await CliProcess.HarnessAsync(
            ["init", "--db", postgres.ConnectionStringFor(sample.Schema), "--output", manifest, "--force"], cancellationToken: Token);

        forced.ExitCode.Should().Be(0, forced.ToString());
        (await File.ReadAllTextAsync(manifest, Token)).Should().StartWith("# yaml-language-server: $schema=").And.Contain("key: company_id");
    }

    [Fact]
    public async Task A_schema_without_tenant_key_candidates_exits_2_and_says_what_it_looked_for()
    {
        var schema = await postgres.CreateSchemaAsync("initnokey", Token);
        await ExecuteAsync(schema, "CREATE TABLE notes (id integer PRIMARY KEY, body text); CREATE TABLE tags (id integer PRIMARY KEY, note_id integer REFERENCES notes (id));");
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-init-").FullName, "harness.yaml");

        var result = await CliProcess.HarnessAsync(["init", "--db", postgres.AdminConnectionString, "--schema", schema, "--output", manifest], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith($"error: no tenant key candidate in schema '{schema}'")
            .And.Contain("none of its 2 tables (notes, tags) has a column named tenant_id, org_id")
            .And.Contain("pass --tenant-key <column>");
        File.Exists(manifest).Should().BeFalse();
    }

    [Fact]
    public async Task An_empty_schema_exits_2_and_asks_for_the_right_schema()
    {
        var schema = await postgres.CreateSchemaAsync("initempty", Token);
        var manifest = Path.Combine(Directory.CreateTempSubdirectory("harness-init-").FullName, "harness.yaml");

        var result = await CliProcess.HarnessAsync(["init", "--db", postgres.AdminConnectionString, "--schema", schema, "--output", manifest], cancellationToken: Token);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().StartWith($"error: schema '{schema}' on ").And.Contain("has no tables; pass --schema");
        File.Exists(manifest).Should().BeFalse();
    }

    [Fact]
    public async Task With_an_openapi_file_it_maps_path_parameters_to_tables_in_a_commented_endpoints_block()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "initapi", cancellationToken: Token);
        var folder = Directory.CreateTempSubdirectory("harness-init-").FullName;
        var openApi = Path.Combine(folder, "openapi.json");
        await File.WriteAllTextAsync(openApi, OpenApiJson, Token);
        var manifest = Path.Combine(folder, "harness.yaml");

        var result = await CliProcess.HarnessAsync(
            ["init", "--db", postgres.AdminConnectionString, "--schema", sample.Schema, "--openapi", openApi, "--output", manifest], cancellationToken: Token);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("openapi: 5 operations");
        var text = await File.ReadAllTextAsync(manifest, Token);
        var block = text[text.IndexOf("# endpoints:", StringComparison.Ordinal)..];
        block.Should().Contain("#   openapi: openapi.json")
            .And.Contain("#   parameters:")
            .And.Contain("#     siteId: sites ")
            .And.Contain("in 3 operations")
            .And.Contain("#     - { method: GET, path: \"/sites/{siteId}/inductions/{id}\", params: { id: inductions } }")
            .And.Contain("#     - GET /gadgets/{gadgetId}")
            .And.Contain("{gadgetId}: no table named like 'gadget'");
        ManifestSchema.Validate(text).Should().BeEmpty("the endpoints block is commented");
        ScenarioRegistry.Default.ParseManifest(text, manifest).Tenancy.Key.Should().Be("company_id");
    }

    /// <summary>The file the yaml-language-server modeline on the first line points at, resolved from the manifest's folder.</summary>
    private static string ModelineTarget(string text, string folder)
    {
        const string prefix = "# yaml-language-server: $schema=";
        var first = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        first.Should().StartWith(prefix);
        return Path.GetFullPath(Path.Combine(folder, first[prefix.Length..]));
    }

    private async Task ExecuteAsync(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema));
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}
