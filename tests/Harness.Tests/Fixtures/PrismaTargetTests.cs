using FluentAssertions;
using Harness.Reporting;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Fixtures;

/// <summary>
/// The Prisma-style fixture (fixtures/prisma-target) through the real pipeline: quoted camelCase names everywhere,
/// migrations in Prisma's folders, a schema per worker. Clean: no finding over seeds 1 to 10. Each planted flaw: a finding
/// on the object it plants.
/// </summary>
public sealed class PrismaTargetTests(PostgresFixture postgres)
{
    private const string Fixture = "prisma-target";

    /// <summary>Each flaw file and the object whose finding proves it (the finding's subject names it: "t SELECT own", "p on t").</summary>
    private static readonly Dictionary<string, string> FlawedObject = new(StringComparer.Ordinal)
    {
        ["policy-ignores-tenant"] = "InvoiceLine",
        ["missing-with-check"] = "Invoice",
        ["rls-not-forced"] = "Payment",
        ["fk-without-tenant-key"] = "InvoiceLine",
        ["view-without-invoker"] = "InvoiceBalance",
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Flaws => [.. FlawedObject.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_flaw_file_has_an_expected_object() =>
        FixtureRun.Flaws(Fixture).Should().BeEquivalentTo(FlawedObject.Keys);

    [Fact]
    public async Task The_clean_build_gives_no_finding_over_seeds_1_to_10()
    {
        for (var seed = 1; seed <= 10; seed++)
        {
            var report = await FixtureRun.RunAsync(postgres, Fixture, "PRISMA_FLAW", null, seed, ["audit", "rls"], Token);

            report.Findings.Select(f => $"seed {seed}: {f.Rule.Id} {f.Subject}: {f.Message}").Should().BeEmpty();
            RunVerdict.Of(report).ExitCode.Should().Be(0, "seed {0}: {1}", seed, string.Join("; ", report.Scenarios.Select(s => s.Error)));
            var rls = report.Scenarios.Single(s => s.ScenarioId == "rls");
            rls.Checks.Select(c => c.Subject).Should().Contain(["Invoice SELECT own", "Invoice SELECT other-tenant", "Invoice SELECT none"]);
            rls.Checks.Should().NotContain(c => c.NotCovered != null, "seed {0}: every check judged", seed);
        }
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task Each_planted_flaw_is_found_on_its_object(string flaw)
    {
        var report = await FixtureRun.RunAsync(postgres, Fixture, "PRISMA_FLAW", flaw, seed: 1, ["audit", "rls"], Token);

        report.Scenarios.Select(s => s.Error).Should().AllBeEquivalentTo((string?)null, "{0}: every family ran to its end", flaw);
        var onObject = report.Findings.Where(f => f.Subject.Split(' ', '(').Contains(FlawedObject[flaw], StringComparer.Ordinal)).ToList();
        onObject.Should().NotBeEmpty("{0} plants a flaw on {1}; found: {2}", flaw, FlawedObject[flaw],
            string.Join("; ", report.Findings.Select(f => $"{f.Rule.Id} {f.Subject}")));
    }
}
