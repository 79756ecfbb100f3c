using FluentAssertions;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Runner;

/// <summary>
/// Migrations written for one schema by name (<c>GRANT USAGE ON SCHEMA public TO app</c>) leave the app role without
/// USAGE on the worker schema: the run grants it when the migrations gave the role privileges on the tables, and names
/// the missing grants when they gave none.
/// </summary>
public sealed class AppSchemaUsageTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Usage_granted_on_public_is_granted_on_the_worker_schema_and_the_rls_matrix_runs()
    {
        var (manifest, role) = await WriteAsync(grantTables: true);
        var progress = new DatabaseIsolationTests.Lines();
        var options = new RunOptions { ManifestPath = manifest, Scenarios = ["audit", "rls"], ReportsRoot = Path.Combine(Path.GetDirectoryName(manifest)!, "reports") };

        var (report, _) = await new RunPipeline(options, progress).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), Token);

        progress.All.Should().Contain(l => l.StartsWith($"worker 0: granted {role} USAGE on schema h_{report.RunId}_w0", StringComparison.Ordinal));
        report.Scenarios.Should().OnlyContain(s => s.Error == null);
        report.Findings.Should().BeEmpty();
        report.Scenarios.Single(s => s.ScenarioId == "audit").Checks.Should().Contain(c => c.Rule.Id == "AUD024" && c.Passed);
    }

    [Fact]
    public async Task Without_any_grant_on_the_tables_the_run_names_the_missing_grants()
    {
        var (manifest, role) = await WriteAsync(grantTables: false);
        var progress = new DatabaseIsolationTests.Lines();
        var options = new RunOptions { ManifestPath = manifest, Scenarios = ["audit"], ReportsRoot = Path.Combine(Path.GetDirectoryName(manifest)!, "reports") };

        var (report, _) = await new RunPipeline(options, progress).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), Token);

        progress.All.Should().Contain(l => l.StartsWith($"worker 0: warning: after the migrations, the app role {role} has no USAGE on the worker schema h_{report.RunId}_w0", StringComparison.Ordinal)
            && l.Contains($"TO {role}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"h_{report.RunId}_w0\" TO {role};", StringComparison.Ordinal));
    }

    private async Task<(string Manifest, string Role)> WriteAsync(bool grantTables)
    {
        var role = $"usage_app_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await connection.OpenAsync(Token);
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{role}'", connection);
            await create.ExecuteNonQueryAsync(Token);
        }

        var folder = Directory.CreateTempSubdirectory("harness-usage-").FullName;
        var migrations = Directory.CreateDirectory(Path.Combine(folder, "migrations")).FullName;
        await File.WriteAllTextAsync(Path.Combine(migrations, "001.sql"), $"""
            create table orgs (id uuid primary key, name text not null);
            create table items (id uuid primary key, org_id uuid not null references orgs (id), label text not null);
            create index items_org_id on items (org_id);
            alter table orgs enable row level security;
            alter table orgs force row level security;
            create policy tenant on orgs using (id = nullif(current_setting('app.org_id', true), '')::uuid)
                with check (id = nullif(current_setting('app.org_id', true), '')::uuid);
            alter table items enable row level security;
            alter table items force row level security;
            create policy tenant on items using (org_id = nullif(current_setting('app.org_id', true), '')::uuid)
                with check (org_id = nullif(current_setting('app.org_id', true), '')::uuid);
            grant usage on schema public to {role};
            {(grantTables ? $"grant select, insert, update, delete on orgs, items to {role};" : "")}
            """, Token);
        var manifest = Path.Combine(folder, "harness.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            version: 1
            tenancy:
              key: org_id
              root: orgs
              context:
                setting: app.org_id
            database:
              appRole: {role}
              appPassword: {role}
            migrations:
              sqlFolder: migrations
            seed:
              tenants: 2
            """, Token);
        return (manifest, role);
    }
}
