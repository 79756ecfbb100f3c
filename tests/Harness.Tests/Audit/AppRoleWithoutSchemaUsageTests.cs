using FluentAssertions;
using Harness.Catalog;
using Harness.Model;
using Harness.Scenarios.Audit;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Audit;

/// <summary>AUD024 on a live schema, read-only: the app role without USAGE on the schema holding tenant tables, and with it.</summary>
public sealed class AppRoleWithoutSchemaUsageTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_app_role_without_usage_on_the_tenant_schema_is_found()
    {
        var (schema, role) = await SchemaAsync(grantUsage: false);

        var finding = (await AuditAsync(schema, role)).Findings.Should().ContainSingle(f => f.Rule.Id == "AUD024").Subject;

        finding.Subject.Should().Be($"schema {schema}");
        finding.Message.Should().Contain($"App role {role} has no USAGE on schema {schema}").And.Contain("(items, orgs)");
    }

    [Fact]
    public async Task An_app_role_with_usage_passes()
    {
        var (schema, role) = await SchemaAsync(grantUsage: true);

        var result = await AuditAsync(schema, role);

        result.Checks.Should().ContainSingle(c => c.Rule.Id == "AUD024").Which.Passed.Should().BeTrue();
        result.Findings.Should().NotContain(f => f.Rule.Id == "AUD024");
    }

    private async Task<Harness.Running.ScenarioResult> AuditAsync(string schema, string role)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema));
        await connection.OpenAsync(Token);
        var catalog = await CatalogReader.ReadAsync(connection, schema, role, Token);
        var model = IntrospectedModel.For(catalog, "org_id", new TableName("orgs"), "app.org_id", role);
        return CatalogAudit.Run(model, catalog);
    }

    private async Task<(string Schema, string Role)> SchemaAsync(bool grantUsage)
    {
        var schema = await postgres.CreateSchemaAsync("aud023", Token);
        var role = $"aud023_{Guid.NewGuid():N}"[..20];
        await using var connection = new NpgsqlConnection(postgres.ConnectionStringFor(schema));
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand($"""
            CREATE ROLE {role} LOGIN;
            CREATE TABLE orgs (id uuid PRIMARY KEY);
            CREATE TABLE items (id uuid PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs (id));
            GRANT SELECT ON orgs, items TO {role};
            {(grantUsage ? $"GRANT USAGE ON SCHEMA \"{schema}\" TO {role};" : "")}
            """, connection);
        await command.ExecuteNonQueryAsync(Token);
        return (schema, role);
    }
}
