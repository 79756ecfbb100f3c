using FluentAssertions;
using Harness.Findings;

namespace Harness.Tests.Reporting;

/// <summary>SQL reproductions name a schema that exists after the run: the manifest's, unless the run kept its worker.</summary>
public sealed class SqlReproductionsTests
{
    private const string Rls = "-- as the app role app\nBEGIN;\nSET LOCAL search_path TO \"h_abc_w0\";\nSELECT count(*) FROM orders;\nROLLBACK;";
    private const string Audit = "SELECT policyname FROM pg_policies WHERE schemaname = 'h_abc_w0' AND tablename = 'orders'; SELECT '\"h_abc_w0\".\"orders\"'::regclass;";

    [Fact]
    public void Without_keep_the_worker_schema_becomes_the_manifests_with_a_comment_that_it_was_dropped()
    {
        var rls = SqlReproductions.Rewrite(Rls, "h_abc_w0", "schema", "h_abc_w0", "app", kept: false);
        var audit = SqlReproductions.Rewrite(Audit, "h_abc_w0", "schema", "h_abc_w0", "app", kept: false);

        rls.Should().StartWith("-- the run's schema h_abc_w0 was dropped at its end").And.Contain("--keep")
            .And.Contain("SET LOCAL search_path TO \"app\";").And.NotContain("\"h_abc_w0\"");
        audit.Should().Contain("schemaname = 'app'").And.Contain("'\"app\".\"orders\"'::regclass").And.NotContain("'h_abc_w0'");
    }

    [Fact]
    public void With_keep_they_name_the_kept_worker()
    {
        var rls = SqlReproductions.Rewrite(Rls, "h_abc_w0", "schema", "h_abc_w0", "app", kept: true);

        rls.Should().Be("-- in the schema h_abc_w0 this run kept (--keep), with its seeded data\n" + Rls);
    }

    [Fact]
    public void A_statement_that_names_no_schema_is_left_as_it_is()
    {
        const string role = "SELECT rolname, rolbypassrls FROM pg_roles WHERE rolname = 'app';";

        SqlReproductions.Rewrite(role, "h_abc_w0", "schema", "h_abc_w0", "app", kept: false).Should().Be(role);
    }
}
