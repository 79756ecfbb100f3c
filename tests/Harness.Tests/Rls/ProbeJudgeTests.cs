using FluentAssertions;
using Harness.Ledger;
using Harness.Scenarios.Rls;

namespace Harness.Tests.Rls;

/// <summary>The matrix's judge without a database: outcomes in, findings (with the tenants they name) out.</summary>
public sealed class ProbeJudgeTests
{
    private static readonly SeedLedger Ledger = new(3, "org_id",
    [
        new SeededTenant(0, "11111111-1111-4111-8111-111111111111", "Acme", [], ["cnry-t0000-r0000-x"]),
        new SeededTenant(1, "22222222-2222-4222-8222-222222222222", "Globex", [], ["cnry-t0001-r0000-x"]),
    ]);

    private readonly ProbeJudge judge = new(Ledger, "app.org_id", "app_user", "h_run_w0");

    [Fact]
    public void A_select_that_must_see_nothing_passes_on_zero_rows_and_names_the_victim_on_one()
    {
        var probe = Probe(Expectation.NoRows, RlsRules.CrossTenantRead, "SELECT of tenant 1's projects rows by primary key");

        judge.Judge(probe, new ProbeOutcome(-1, [], null, null)).Should().BeEmpty();
        var finding = judge.Judge(probe, new ProbeOutcome(-1, [new ProbeRow(Ledger.Tenants[1].TenantId, true, "{\"id\":1}")], null, null))
            .Should().ContainSingle().Subject;
        finding.Rule.Should().Be(RlsRules.CrossTenantRead);
        finding.Subject.Should().Be("projects SELECT other-tenant");
        finding.Message.Should().Contain("1 row of tenant 1 \"Globex\" (22222222-2222-4222-8222-222222222222)");
    }

    [Fact]
    public void A_denied_write_passes_when_refused_or_when_it_touched_nothing_and_fails_when_admitted()
    {
        var probe = Probe(Expectation.Denied, RlsRules.CrossTenantWrite, "UPDATE of tenant 1's projects rows by primary key");

        judge.Judge(probe, new ProbeOutcome(0, [], null, null)).Should().BeEmpty();
        judge.Judge(probe, new ProbeOutcome(0, [], "42501", "new row violates row-level security policy")).Should().BeEmpty();
        judge.Judge(probe, new ProbeOutcome(2, [], null, null)).Should().ContainSingle()
            .Which.Message.Should().Contain("changed 2 rows of tenant 1 \"Globex\"");
        judge.Judge(probe, new ProbeOutcome(0, [], "23505", "duplicate key")).Should().ContainSingle()
            .Which.Message.Should().Contain("was admitted by row-level security").And.Contain("SQLSTATE 23505");
    }

    private static Probe Probe(Expectation expect, Harness.Findings.Rule rule, string what) => new()
    {
        Subject = "projects " + (rule == RlsRules.CrossTenantRead ? "SELECT" : "UPDATE") + " other-tenant",
        Rule = rule,
        Expect = expect,
        Context = TenantContext.OtherTenant,
        Target = "projects",
        What = what,
        Attacker = Ledger.Tenants[0],
        Victim = Ledger.Tenants[1],
        Sql = "SELECT 1",
    };
}
