using FluentAssertions;
using Harness.Runner;
using Harness.Running;
using Harness.Scenarios.Idor;
using Harness.Targets;

namespace Harness.Tests.Targets;

/// <summary>Connections as any role the manifest names: <c>database.roles</c>, <c>{databaseUrl:role}</c>, <c>{connectionString:role}</c>.</summary>
public sealed class RoleConnectionTests
{
    private const string Manifest = """
        version: 1
        tenancy:
          key: org_id
          root: orgs
          context:
            setting: app.org_id
        database:
          appRole: app_user
          appPassword: app
          roles:
            backoffice: "${BACKOFFICE_PASSWORD}"
            reporting: ""
        target:
          command: ["node", "server.js"]
          environment:
            DATABASE_URL: "{databaseUrl:app_user}"
            BACKOFFICE_URL: "{databaseUrl:backoffice}"
            REPORTING: "{connectionString:reporting}"
        """;

    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal) { ["BACKOFFICE_PASSWORD"] = "b@ck office" };

    [Fact]
    public void The_manifest_lists_roles_with_passwords_from_the_environment()
    {
        var manifest = Harness.Manifest.ManifestLoader.Parse(Manifest, "/x/harness.yaml", ScenarioRegistry.Default.ManifestReaders, Environment.GetValueOrDefault);

        manifest.Database.Roles.Should().Equal(new Dictionary<string, string?> { ["backoffice"] = "b@ck office", ["reporting"] = null });
    }

    [Fact]
    public void A_target_gets_each_roles_connection_with_the_workers_search_path()
    {
        var database = new TargetDatabase("h_abc_w0", "Host=127.0.0.1;Port=5433;Database=d;Username=app_user;Password=app", "Host=127.0.0.1;Port=5433;Database=d;Username=postgres")
        {
            RoleConnectionStrings = new Dictionary<string, string>
            {
                ["backoffice"] = "Host=127.0.0.1;Port=5433;Database=d;Username=backoffice;Password=b@ck office",
                ["reporting"] = "Host=127.0.0.1;Port=5433;Database=d;Username=reporting",
            },
        };

        var filled = TargetPlaceholders.Fill("{databaseUrl:backoffice} | {connectionString:reporting} | {databaseUrl:nobody}", database.Placeholders());

        filled.Should().Be(
            "postgresql://backoffice:b%40ck%20office@127.0.0.1:5433/d?options=-c%20search_path%3Dh_abc_w0"
            + " | Host=127.0.0.1;Port=5433;Database=d;Username=reporting | {databaseUrl:nobody}");
        TargetDatabase.RolesNamedIn("{port} {databaseUrl:backoffice} {connectionString:reporting} {appDatabaseUrl}").Should().Equal("backoffice", "reporting");
    }

    [Fact]
    public async Task A_target_naming_a_role_the_manifest_does_not_list_is_refused_before_anything_starts()
    {
        var yaml = Manifest.Replace("{connectionString:reporting}", "{connectionString:owner}", StringComparison.Ordinal) + "\ncredentials:\n  jwt:\n    signingKey: k\nendpoints:\n  routes:\n    - GET /a/{aId}\n";
        var manifest = Harness.Manifest.ManifestLoader.Parse(yaml, "/x/harness.yaml", ScenarioRegistry.Default.ManifestReaders, Environment.GetValueOrDefault);
        var options = new RunOptions { ManifestPath = "/x/harness.yaml" };

        var act = () => TargetPlan.ForAsync(manifest, options, [new IdorScenario()], TimeProvider.System, TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<TargetConfigurationException>()).Which.Message
            .Should().Contain("names the connection of role owner, which 'database' does not list")
            .And.Contain("roles: { owner: \"${OWNER_PASSWORD}\" }");
    }
}
