using FluentAssertions;
using Harness.Chaos.Proxy;
using Harness.Scenarios.Chaos;

namespace Harness.Tests.Chaos.Family;

/// <summary>
/// The judge of the proxies' view: a query that returned rows without its own tenant context is fail-open (CHAOS003), one
/// with no context and no rows is CHAOS007, a session-scoped context is CHAOS004; a clean connection's events give nothing,
/// a queue claim is not judged, and a run that saw nothing is not covered.
/// </summary>
public sealed class ChaosJudgeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_clean_connection_gives_no_finding()
    {
        var judge = Judge(
            Set(ContextScope.Local, "set_config(..., true)", inTransaction: true),
            Query(ContextState.ThisTransaction, rows: 5),
            Query(ContextState.Unset, rows: 3, queueClaim: true),
            Set(ContextScope.Session, "RESET", value: null));

        judge.FailOpen().Passed.Should().BeTrue();
        judge.NoContext().Passed.Should().BeTrue();
        judge.SessionContext().Passed.Should().BeTrue();
        judge.FailOpen().Probes.Should().Be(1, "the queue claim is not a probe of the tenant context");
    }

    [Fact]
    public void Rows_returned_with_no_context_or_another_clients_context_are_fail_open_with_the_transcript_and_seed()
    {
        var judge = Judge(
            Query(ContextState.Unset, rows: 4),
            Query(ContextState.InheritedFromOtherClient, rows: 2, client: "c7", contextClient: "c3", value: "tenant-b"),
            Query(ContextState.Inherited, rows: 9));

        var check = judge.FailOpen();

        check.Findings.Should().HaveCount(2);
        check.Findings.Should().OnlyContain(f => f.Rule == ChaosRules.FailOpen && f.Subject == "items");
        check.Findings[1].Message.Should().Contain("'tenant-b'").And.Contain("client c3").And.Contain("client c7");
        check.Findings[0].Evidence.Should().Contain("seed 42").And.Contain("> Q SELECT * FROM items").And.Contain("--replay");
    }

    [Fact]
    public void A_query_with_no_context_and_no_rows_is_its_own_medium_rule()
    {
        var judge = Judge(Query(ContextState.Unset, rows: 0));

        judge.NoContext().Findings.Should().ContainSingle().Which.Rule.Severity.Should().Be(Harness.Findings.Severity.Medium);
        judge.FailOpen().Passed.Should().BeTrue();
    }

    [Fact]
    public void A_session_scoped_context_is_reported_once_per_setting_and_form()
    {
        var judge = Judge(
            Set(ContextScope.Session, "SET", inTransaction: false),
            Set(ContextScope.Session, "SET", inTransaction: false),
            Set(ContextScope.Session, "set_config(..., false)", inTransaction: true));

        var findings = judge.SessionContext().Findings;

        findings.Should().HaveCount(2);
        findings[0].Message.Should().Contain("app.org_id").And.Contain("SET 2 times").And.Contain("outside a transaction");
    }

    [Fact]
    public void Nothing_seen_or_no_known_context_is_not_covered_never_passed()
    {
        Judge().FailOpen().NotCovered.Should().Contain("no query on a tenant table");
        Judge().SessionContext().NotCovered.Should().Contain("no statement setting the tenant context");
        var unknown = new ChaosJudge(Evidence(), [Query(ContextState.Unset, rows: 1)], contextKnown: false);
        unknown.FailOpen().NotCovered.Should().Contain("names no setting");
    }

    private static ChaosJudge Judge(params ProxyEvent[] events) => new(Evidence(), events, contextKnown: true);

    private static ChaosEvidence Evidence() =>
        new(42, "app -> fault proxy -> server", _ => ["12:00:00.000 > Q SELECT * FROM items", "12:00:00.001 < C SELECT 4"], new ChaosObservations(), At);

    private static DataQueryEvent Query(
        ContextState state, long rows, bool queueClaim = false, string? client = null, string? contextClient = null, string? value = null) =>
        new("app-side", 1, At, "SELECT * FROM items", ["items"], state, value, rows, queueClaim, client, contextClient);

    private static ContextSetEvent Set(ContextScope scope, string how, bool inTransaction = true, string? value = "tenant-a") =>
        new("app-side", 1, At, "app.org_id", value, scope, how, inTransaction);
}
