using FluentAssertions;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures;

/// <summary>
/// The Supabase-style fixture (fixtures/supabase-target): a database per worker, the supabase context preset, members
/// seeded into auth.users, and the PostgREST-like front for IDOR.
/// </summary>
public sealed class SupabaseTargetTests(PostgresFixture postgres) : FixtureTargetTests(postgres)
{
    private static readonly Dictionary<string, string> Objects = new(StringComparer.Ordinal)
    {
        ["trusts-user-metadata"] = "projects",
        ["insert-binds-other-account"] = "tasks",
        ["membership-ignores-role"] = "comments",
        ["definer-rpc-no-caller-check"] = "team_projects",
        ["view-without-invoker"] = "project_overview",
        ["bypass-setting"] = "attachments",
    };

    public static TheoryData<string> Flaws => [.. Objects.Keys.Order(StringComparer.Ordinal)];

    protected override string Fixture => "supabase-target";

    protected override string FlawVariable => "SUPABASE_FLAW";

    protected override IReadOnlyDictionary<string, string> FlawedObjects => Objects;

    protected override string ProbedTable => "projects";

    [Theory]
    [MemberData(nameof(Flaws))]
    public Task Each_planted_flaw_is_found_on_its_object(string flaw) => AssertFoundOnItsObjectAsync(flaw);

    [Fact]
    public async Task The_PostgREST_style_front_gives_no_IDOR_finding_as_members_of_each_team()
    {
        // The front verifies the minted token, switches to its role and sets the claims: only RLS isolates, as in PostgREST.
        var report = await RunAsync(null, seed: 1, ["idor"]);

        report.Scenarios.Single().Error.Should().BeNull();
        report.Findings.Select(f => $"{f.Rule.Id} {f.Subject}: {f.Message}").Should().BeEmpty();
        report.Scenarios.Single().Checks.Count(c => c.NotCovered is null).Should().BeGreaterThan(40, "the reads, writes, sweeps and tampering were judged");
    }
}
