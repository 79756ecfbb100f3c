using FluentAssertions;
using Harness.Drills;
using Harness.Drills.Restore;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Restore;

/// <summary>
/// The restore drill on a schema built unlike the sample: the tenant key is a bigint named <c>org_no</c> (serial, not uuid), and
/// a child table carries no tenant key at all, its rows reached only through a foreign key (and made by a trigger, which a
/// single-tenant restore must not fire). Its own cluster, like every drill
/// (see <see cref="RestoreDrillTests"/>).
/// </summary>
public sealed class RestoreDrillOwnSchemaTests
{
    private const string Schema = """
        CREATE ROLE drill_app LOGIN PASSWORD 'drill_app';
        CREATE TABLE orgs (org_no bigserial PRIMARY KEY, title text NOT NULL);
        CREATE TABLE projects (
            id bigserial PRIMARY KEY,
            org_no bigint NOT NULL REFERENCES orgs (org_no),
            label text NOT NULL,
            note text);
        CREATE TABLE tasks (
            id bigserial PRIMARY KEY,
            project_id bigint NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            body text NOT NULL);
        -- Every project gets a first task: the tasks hold tenant data without the tenant key, and a restore that fires this
        -- trigger while copying projects would double them.
        CREATE FUNCTION first_task() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO tasks (project_id, body) VALUES (NEW.id, 'first task of ' || NEW.label);
            RETURN NEW;
        END $$;
        CREATE TRIGGER projects_first_task AFTER INSERT ON projects FOR EACH ROW EXECUTE FUNCTION first_task();
        ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
        ALTER TABLE projects FORCE ROW LEVEL SECURITY;
        CREATE POLICY projects_by_org ON projects USING (org_no = current_setting('app.org')::bigint);
        ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
        CREATE POLICY orgs_by_org ON orgs USING (org_no = current_setting('app.org')::bigint);
        GRANT SELECT, INSERT, UPDATE, DELETE ON orgs, projects, tasks TO drill_app;
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_clean_drill_and_single_tenant_restore_pass_on_a_bigint_key_with_a_child_reached_through_a_foreign_key()
    {
        var manifest = await WriteManifestAsync();

        var result = await RestoreDrill.RunAsync(
            new RestoreDrillOptions { ManifestPath = manifest, Tenants = 12, SingleTenantOfFirstSeeded = true }, DrillProgress.None, Token);

        DrillAssertions.Clean(result);
        result.Journal!.Entries.Select(e => e.Table).Should().Contain("projects");
        result.Disaster!.DeletedRows.Should().BePositive();
        result.Scenario.Metrics.Should().Contain(m => m.Name == "single-tenant rows copied" && m.Value > 0);
    }

    [Fact]
    public async Task A_single_tenant_restore_touching_another_tenant_is_found_on_this_schema_too()
    {
        var manifest = await WriteManifestAsync();

        var result = await RestoreDrill.RunAsync(
            new RestoreDrillOptions { ManifestPath = manifest, Tenants = 12, SingleTenantOfFirstSeeded = true, Flaw = RestoreDrillFlaw.SingleTenantTouchesAnother },
            DrillProgress.None, Token);

        result.Scenario.Findings.Should().Contain(f => f.Rule == DrillRules.SingleTenantRestoreCollateral);
    }

    private static async Task<string> WriteManifestAsync()
    {
        var folder = Directory.CreateTempSubdirectory("harness-drill-schema-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));
        await File.WriteAllTextAsync(Path.Combine(folder, "migrations", "001_schema.sql"), Schema, Token);
        var manifest = Path.Combine(folder, "harness.yaml");
        await File.WriteAllTextAsync(manifest, """
            version: 1
            name: drill-own-schema
            tenancy:
              key: org_no
              root: orgs
              rootKey: org_no
              context:
                setting: app.org
            database:
              appRole: drill_app
              appPassword: drill_app
            migrations:
              sqlFolder: migrations
            seed:
              rowsPerTable: 4
            """, Token);
        return manifest;
    }
}
