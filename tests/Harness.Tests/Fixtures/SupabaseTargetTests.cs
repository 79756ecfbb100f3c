using FluentAssertions;
using Harness.Reporting;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures;

/// <summary>
/// The Supabase-style fixture (fixtures/supabase-target) through the real pipeline: a database per worker, the supabase
/// context preset, members seeded into auth.users. Clean: no finding over seeds 1 to 10. Each planted flaw: a finding on
/// the object it plants.
/// </summary>
public sealed class SupabaseTargetTests(PostgresFixture postgres)
{
    private const string Fixture = "supabase-target";

    /// <summary>Each flaw file and the object whose finding proves it (the finding's subject names it: "t SELECT own", "p on t").</summary>
    private static readonly Dictionary<string, string> FlawedObject = new(StringComparer.Ordinal)
    {
        ["trusts-user-metadata"] = "projects",
        ["insert-binds-other-account"] = "tasks",
        ["membership-ignores-role"] = "comments",
        ["definer-rpc-no-caller-check"] = "team_projects",
        ["view-without-invoker"] = "project_overview",
        ["bypass-setting"] = "attachments",
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Flaws => [.. FlawedObject.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_flaw_file_has_an_expected_object() =>
        FixtureRun.Flaws(Fixture).Should().BeEquivalentTo(FlawedObject.Keys);

    [Fact]
    public async Task The_clean_build_gives_no_finding_over_seeds_1_to_10_and_probes_as_members_and_anon()
    {
        for (var seed = 1; seed <= 10; seed++)
        {
            var report = await FixtureRun.RunAsync(postgres, Fixture, "SUPABASE_FLAW", null, seed, ["audit", "rls"], Token);

            report.Findings.Select(f => $"seed {seed}: {f.Rule.Id} {f.Subject}: {f.Message}").Should().BeEmpty();
            RunVerdict.Of(report).ExitCode.Should().Be(0, "seed {0}: {1}", seed, string.Join("; ", report.Scenarios.Select(s => s.Error)));
            var rls = report.Scenarios.Single(s => s.ScenarioId == "rls");
            rls.Checks.Select(c => c.Subject).Should().Contain(["projects SELECT own", "projects SELECT other-tenant", "projects SELECT none"]);
            rls.Checks.Should().NotContain(c => c.NotCovered != null, "seed {0}: every check judged", seed);
        }
    }

    [Fact]
    public async Task The_PostgREST_style_front_gives_no_IDOR_finding_as_members_of_each_team()
    {
        // The front verifies the minted token, switches to its role and sets the claims: only RLS isolates, as in PostgREST.
        var report = await FixtureRun.RunAsync(postgres, Fixture, "SUPABASE_FLAW", null, seed: 1, ["idor"], Token);

        report.Scenarios.Single().Error.Should().BeNull();
        report.Findings.Select(f => $"{f.Rule.Id} {f.Subject}: {f.Message}").Should().BeEmpty();
        report.Scenarios.Single().Checks.Count(c => c.NotCovered is null).Should().BeGreaterThan(40, "the reads, writes, sweeps and tampering were judged");
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Each_planted_flaw_is_found_on_its_object(string flaw)
    {
        var report = await FixtureRun.RunAsync(postgres, Fixture, "SUPABASE_FLAW", flaw, seed: 1, ["audit", "rls"], Token);

        report.Scenarios.Select(s => s.Error).Should().AllBeEquivalentTo((string?)null, "{0}: every family ran to its end", flaw);
        var onObject = report.Findings.Where(f => f.Subject.Split(' ', '(').Contains(FlawedObject[flaw], StringComparer.Ordinal)).ToList();
        onObject.Should().NotBeEmpty("{0} plants a flaw on {1}; found: {2}", flaw, FlawedObject[flaw],
            string.Join("; ", report.Findings.Select(f => $"{f.Rule.Id} {f.Subject}")));
    }
}
