using FluentAssertions;
using Harness.Reporting;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures;

/// <summary>
/// What every target fixture proves through the real pipeline with its own manifest: no finding on the clean build over
/// seeds 1 to 10 with every check judged, a finding on the planted object for each of its flaws, and a flaw file for each
/// expectation and back.
/// </summary>
public abstract class FixtureTargetTests(PostgresFixture postgres)
{
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The fixture's folder under fixtures/.</summary>
    protected abstract string Fixture { get; }

    /// <summary>The variable the fixture's migrate.sh reads the flaw from.</summary>
    protected abstract string FlawVariable { get; }

    /// <summary>Each flaw file and the object whose finding proves it (the finding's subject names it: "t SELECT own", "p on t").</summary>
    protected abstract IReadOnlyDictionary<string, string> FlawedObjects { get; }

    /// <summary>A tenant table whose own, other-tenant and no-context checks the clean runs must show.</summary>
    protected abstract string ProbedTable { get; }

    [Fact]
    public void Every_flaw_file_has_an_expected_object() =>
        FixtureRun.Flaws(Fixture).Should().BeEquivalentTo(FlawedObjects.Keys);

    [Fact]
    public async Task The_clean_build_gives_no_finding_over_seeds_1_to_10()
    {
        for (var seed = 1; seed <= 10; seed++)
        {
            var report = await RunAsync(null, seed, ["audit", "rls"]);

            report.Findings.Select(f => $"seed {seed}: {f.Rule.Id} {f.Subject}: {f.Message}").Should().BeEmpty();
            RunVerdict.Of(report).ExitCode.Should().Be(0, "seed {0}: {1}", seed, string.Join("; ", report.Scenarios.Select(s => s.Error)));
            var rls = report.Scenarios.Single(s => s.ScenarioId == "rls");
            rls.Checks.Select(c => c.Subject).Should().Contain([$"{ProbedTable} SELECT own", $"{ProbedTable} SELECT other-tenant", $"{ProbedTable} SELECT none"]);
            rls.Checks.Should().NotContain(c => c.NotCovered != null, "seed {0}: every check judged", seed);
        }
    }

    /// <summary>Runs the flawed build and expects a finding whose subject names the flaw's object.</summary>
    protected async Task AssertFoundOnItsObjectAsync(string flaw)
    {
        var report = await RunAsync(flaw, seed: 1, ["audit", "rls"]);

        report.Scenarios.Select(s => s.Error).Should().AllBeEquivalentTo((string?)null, "{0}: every family ran to its end", flaw);
        var onObject = report.Findings.Where(f => f.Subject.Split(' ', '(').Contains(FlawedObjects[flaw], StringComparer.Ordinal)).ToList();
        onObject.Should().NotBeEmpty("{0} plants a flaw on {1}; found: {2}", flaw, FlawedObjects[flaw],
            string.Join("; ", report.Findings.Select(f => $"{f.Rule.Id} {f.Subject}")));
    }

    protected Task<RunReport> RunAsync(string? flaw, int seed, IReadOnlyList<string> scenarios) =>
        FixtureRun.RunAsync(postgres, Fixture, FlawVariable, flaw, seed, scenarios, Token);
}
