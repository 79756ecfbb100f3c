using FluentAssertions;
using Harness.Chaos.Proxy;

namespace Harness.Tests.Chaos.Proxy;

/// <summary>Context statements, data queries, transaction control and queue claims told apart from the statement text.</summary>
public sealed class StatementClassifierTests
{
    private readonly StatementClassifier classifier = new(
        new TenantContextSettings { Settings = ["app.company_id"], SearchPath = true }, new HashSet<string>(["orders", "Jobs"]));

    [Theory]
    [InlineData("SET app.company_id = '5'", "5", ContextScope.Session, "SET")]
    [InlineData("set session APP.COMPANY_ID to 5", "5", ContextScope.Session, "SET")]
    [InlineData("SET LOCAL \"app\".\"company_id\" TO 'x y'", "x y", ContextScope.Local, "SET LOCAL")]
    [InlineData("  SELECT set_config( 'app.company_id' , '9'::text, true ), now()", "9", ContextScope.Local, "set_config")]
    [InlineData("SELECT pg_catalog.set_config('app.company_id', '9', 'false')", "9", ContextScope.Session, "set_config")]
    [InlineData("SET search_path TO tenant_7, public", "tenant_7, public", ContextScope.Session, "SET search_path")]
    public void Context_statements_are_recognised(string sql, string value, ContextScope scope, string how)
    {
        var info = classifier.ClassifyStatement(sql);

        info.IsData.Should().BeFalse();
        var assignment = info.Assignments.Should().ContainSingle().Subject;
        (assignment.Value.Literal, assignment.Scope, assignment.How).Should().Be((value, scope, how));
    }

    [Fact]
    public void Resets_and_parameters_are_recognised()
    {
        classifier.ClassifyStatement("RESET ALL").Assignments.Select(a => a.Setting).Should().Equal("app.company_id", "search_path");
        classifier.ClassifyStatement("discard all").Assignments.Should().OnlyContain(a => a.Clears && a.How == "DISCARD ALL");
        classifier.ClassifyStatement("SET app.company_id TO DEFAULT").Assignments.Should().ContainSingle(a => a.Clears);
        var bound = classifier.ClassifyStatement("select set_config('app.company_id', $2, $1)").Assignments.Single();
        (bound.Value.Parameter, bound.LocalFlag.Parameter).Should().Be((2, 1));
        classifier.ClassifyStatement("SET statement_timeout = 5").Assignments.Should().BeEmpty();
        classifier.ClassifyStatement("SET application_name = 'web#c12'").ApplicationName!.Value.Literal.Should().Be("web#c12");
    }

    [Theory]
    [InlineData("SELECT * FROM orders", true)]
    [InlineData("select * from public.\"jobs\" j", true)]
    [InlineData("UPDATE s.ORDERS SET x = 1", true)]
    [InlineData("SELECT 'orders' -- orders\n /* orders */", false)]
    [InlineData("SELECT * FROM orders_archive", false)]
    [InlineData("SELECT set_config('app.company_id', '1', true), (SELECT count(*) FROM orders)", false)]
    [InlineData("SHOW app.company_id", false)]
    public void Data_queries_name_a_tenant_table(string sql, bool data) =>
        classifier.ClassifyStatement(sql).IsData.Should().Be(data);

    [Fact]
    public void A_query_splits_at_top_level_semicolons_only()
    {
        var statements = classifier.ClassifyQuery("BEGIN; SELECT ';' FROM orders; DO $x$ BEGIN PERFORM 1; END $x$;; COMMIT;");

        statements.Select(s => s.Kind).Should().Equal(StatementKind.Begin, StatementKind.Data, StatementKind.Other, StatementKind.Commit);
        classifier.ClassifyQuery("END").Single().Kind.Should().Be(StatementKind.Commit);
        classifier.ClassifyQuery("ROLLBACK TO SAVEPOINT a").Single().Kind.Should().Be(StatementKind.Other);
    }

    [Theory]
    [InlineData("SELECT id FROM jobs FOR UPDATE SKIP LOCKED", true)]
    [InlineData("SELECT id FROM jobs j FOR NO KEY UPDATE OF j SKIP LOCKED LIMIT 1", true)]
    [InlineData("SELECT id FROM jobs FOR UPDATE", false)]
    [InlineData("SELECT id FROM jobs FOR SHARE SKIP LOCKED", false)]
    public void Skip_locked_claims_are_queue_claims(string sql, bool claim) =>
        classifier.ClassifyStatement(sql).QueueClaim.Should().Be(claim);
}
