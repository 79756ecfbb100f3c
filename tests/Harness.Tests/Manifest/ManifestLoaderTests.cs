using FluentAssertions;
using Harness.Manifest;
using Harness.Runner;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Manifest;

public sealed class ManifestLoaderTests
{
    private const string Valid = """
        version: 1
        tenancy:
          key: org_id
          root: orgs
          context:
            setting: app.org_id
        database:
          appRole: app_user
        """;

    [Fact]
    public async Task The_sample_manifest_loads_with_absolute_paths()
    {
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(RepositoryPaths.SampleManifest, TestContext.Current.CancellationToken);

        manifest.Tenancy.Key.Should().Be("company_id");
        manifest.Tenancy.Global.Should().Equal("industries");
        manifest.Database.AppRole.Should().Be("sample_app");
        manifest.Migrations!.Command.Should().Equal("sh", "migrate.sh", "{target}");
        manifest.Migrations.WorkingDirectory.Should().Be(RepositoryPaths.SampleTarget);
    }

    [Fact]
    public void A_minimal_manifest_gets_documented_defaults()
    {
        var manifest = ManifestLoader.Parse(Valid, "/x/harness.yaml");

        manifest.Tenancy.RootKey.Should().Be("id");
        manifest.Seed.Tenants.Should().Be(50);
        manifest.Migrations.Should().BeNull();
    }

    [Theory]
    [InlineData("version: 1\ntenancy:\n  key: org_id\n  rooot: orgs\n", 4, 3, "unknown key 'tenancy.rooot'; valid keys here are: key, root, rootKey, membership, global, context")]
    [InlineData("version: 2\n", 1, 10, "version 2 is not supported; this harness reads version: 1")]
    [InlineData("version: 1\ntenancy: [a, b]\n", 2, 10, "'tenancy' must be a mapping of keys to values")]
    [InlineData("version: 1\ntenancy:\n  key: k234567890123456789012345678901234567890123456789012345678901234\n  root: orgs\n  context:\n    setting: app.org_id\ndatabase:\n  appRole: app\n", 3, 8, "'k234567890123456789012345678901234567890123456789012345678901234' is not a PostgreSQL name")]
    [InlineData("version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: org\ndatabase:\n  appRole: app\n", 6, 14, "'org' is not a custom setting name")]
    [InlineData("version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: app.org\ndatabase:\n  appRole: app\nseed:\n  tenants: 1\n", 10, 12, "'seed.tenants' must be a whole number from 2 to 1000000")]
    [InlineData("version: 1\ntenancy: {key: a\n", 2, 10, "not valid YAML: the mapping opened here with '{' is not closed")]
    public void Errors_name_the_line_and_column_and_what_is_valid(string yaml, int line, int column, string problem)
    {
        var act = () => ManifestLoader.Parse(yaml, "/x/harness.yaml");

        var error = act.Should().Throw<ManifestException>().Which;
        error.Problem.Should().StartWith(problem);
        (error.Line, error.Column).Should().Be((line, column));
        error.Message.Should().StartWith($"/x/harness.yaml:{line}:{column}: ");
    }

    [Fact]
    public void Names_are_taken_as_PostgreSQL_stores_them_mixed_case_included()
    {
        var manifest = ManifestLoader.Parse(
            "version: 1\ntenancy:\n  key: organizationId\n  root: Organization\n  membership: User\n  context:\n    setting: app.org\n"
            + "database:\n  appRole: PrismaApp\nseed:\n  rules:\n    Invoice.status: { values: [draft, paid] }\n",
            "harness.yaml");

        manifest.Tenancy.Key.Should().Be("organizationId");
        manifest.Tenancy.Root.Should().Be("Organization");
        manifest.Tenancy.Membership.Should().Be("User");
        manifest.Database.AppRole.Should().Be("PrismaApp");
        manifest.Seed.Rules.Should().ContainSingle().Which.Should().Match<SeedRuleSection>(r => r.Table == "Invoice" && r.Column == "status");
        ManifestLoader.IsPostgresName(new string('é', 32)).Should().BeFalse("64 bytes in UTF-8: longer than PostgreSQL's 63");
        ManifestLoader.IsPostgresName(new string('é', 31)).Should().BeTrue();
        ManifestLoader.IsPostgresName("a\0b").Should().BeFalse();
        ManifestLoader.IsPostgresName("").Should().BeFalse();
    }

    [Fact]
    public void A_missing_section_says_which_keys_it_needs()
    {
        var act = () => ManifestLoader.Parse("version: 1\ntenancy:\n  key: a\n  root: b\n  context:\n    setting: app.a\n", "/x/h.yaml");

        act.Should().Throw<ManifestException>().WithMessage("*missing section 'database' (keys: appRole, appPassword, roles, isolation, schema)");
    }

    [Fact]
    public void Migrations_need_exactly_one_of_folder_or_command()
    {
        var act = () => ManifestLoader.Parse(Valid + "\nmigrations:\n  timeoutSeconds: 5\n", "/x/h.yaml");

        act.Should().Throw<ManifestException>().Which.Problem.Should().Contain("exactly one of 'migrations.sqlFolder'");
    }

    [Fact]
    public async Task A_missing_file_says_how_to_point_at_one()
    {
        var act = () => ManifestLoader.LoadAsync("/nonexistent/harness.yaml", TestContext.Current.CancellationToken);

        (await act.Should().ThrowAsync<ManifestException>()).Which.Problem.Should().Contain("pass --manifest");
    }
}
