using FluentAssertions;
using Harness.Manifest;

namespace Harness.Tests.Manifest;

public sealed class DatabaseIsolationManifestTests
{
    private const string Head = """
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
    public void Isolation_defaults_to_schema_and_the_tenant_schema_to_public()
    {
        var database = ManifestLoader.Parse(Head, "/x/h.yaml").Database;

        database.Isolation.Should().Be(WorkerIsolation.Schema);
        database.Schema.Should().Be("public");
    }

    [Fact]
    public void Database_isolation_reads_the_schema_holding_the_tenant_tables()
    {
        var database = ManifestLoader.Parse(Head + "  isolation: database\n  schema: app\n", "/x/h.yaml").Database;

        database.Isolation.Should().Be(WorkerIsolation.Database);
        database.Schema.Should().Be("app");
    }

    [Theory]
    [InlineData("  isolation: cluster\n", 9, "'cluster' is not an isolation; use 'schema'")]
    [InlineData("  schema: app\n", 9, "'database.schema' applies only with 'isolation: database'")]
    [InlineData("  isolation: database\n  schema: uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu\n", 10, "'uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu' is not a PostgreSQL name")]
    public void Bad_values_are_refused_with_their_line(string lines, int line, string problem)
    {
        var act = () => ManifestLoader.Parse(Head + lines, "/x/h.yaml");

        act.Should().Throw<ManifestException>().Where(e => e.Line == line && e.Problem.StartsWith(problem, StringComparison.Ordinal));
    }
}
