using FluentAssertions;
using Harness.Reporting;
using Harness.Running;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Survival;

/// <summary>
/// Migration survival on the bundled targets: the clean later migrations pass every check, and each planted flawed
/// migration is found under its rule, located in its own file, among other flawed ones (each named in the run is a step of
/// its own). The sample steps through its migration command with {target}; the Node target through a SQL folder.
/// </summary>
public sealed class FixtureSurvivalTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string[]> SampleFlawGroups => new()
    {
        // Each group touches different tables, so one flaw never hides another.
        new[] { "migration-rebuild-loses-rls", "migration-new-table-no-policy", "migration-view-loses-invoker", "migration-partition-no-rls", "migration-grant-public" },
        new[] { "migration-backfill-cross-tenant", "migration-loses-tenant-rows", "migration-rls-filtered-backfill" },
    };

    /// <summary>The rule each planted migration flaw must be found as (more may be found with it: a LIKE rebuild also fails the matrix).</summary>
    private static readonly Dictionary<string, string> RuleOf = new(StringComparer.Ordinal)
    {
        ["migration-rebuild-loses-rls"] = "MIG001",
        ["migration-new-table-no-policy"] = "MIG002",
        ["migration-view-loses-invoker"] = "MIG007",
        ["migration-partition-no-rls"] = "MIG003",
        ["migration-grant-public"] = "MIG006",
        ["migration-backfill-cross-tenant"] = "MIG010",
        ["migration-loses-tenant-rows"] = "MIG010",
        ["migration-rls-filtered-backfill"] = "MIG011",
        ["node-migration-read-policy-ignores-tenant"] = "MIG004",
        ["node-migration-tenant-key-nullable"] = "MIG009",
        ["node-migration-definer-no-search-path"] = "MIG008",
    };

    [Fact]
    public void Every_migration_flaw_of_the_sample_and_the_node_target_is_in_a_test()
    {
        var files = new[] { "SampleTarget", "node-target" }
            .SelectMany(f => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "fixtures", f, "flaws", "migrations"), "*.sql"))
            .Select(Path.GetFileNameWithoutExtension);

        RuleOf.Keys.Should().BeEquivalentTo(files);
        SampleFlawGroups.SelectMany(g => g.Data).Concat(NodeFlaws).Should().BeEquivalentTo(RuleOf.Keys);
    }

    [Fact]
    public async Task The_sample_clean_later_migrations_pass_every_check()
    {
        var report = await FixtureSurvival.SampleAsync(postgres, [], Token);

        AssertClean(report, ["006_work_permits.sql", "007_site_codes.sql", "008_site_activity_codes.sql", "009_jobs.sql"]);
    }

    [Theory]
    [MemberData(nameof(SampleFlawGroups))]
    public async Task Each_sample_migration_flaw_is_found_under_its_rule_in_its_own_file(string[] flaws)
    {
        var report = await FixtureSurvival.SampleAsync(postgres, flaws, Token);

        AssertEachFound(report, flaws, flaw => $"flaws/migrations/{flaw}.sql");
    }

    private static readonly string[] NodeFlaws = ["node-migration-read-policy-ignores-tenant", "node-migration-tenant-key-nullable", "node-migration-definer-no-search-path"];

    [Fact]
    public async Task The_node_target_passes_its_clean_history_and_each_of_its_migration_flaws_is_found_in_its_own_file()
    {
        var clean = await FixtureSurvival.NodeAsync(postgres, [], Token);
        var flawed = await FixtureSurvival.NodeAsync(postgres, NodeFlaws, Token);

        AssertClean(clean, ["006_work_permits.sql", "007_site_codes.sql", "008_site_activity_codes.sql", "009_jobs.sql"]);
        AssertEachFound(flawed, NodeFlaws, flaw => $"{900 + Array.IndexOf(NodeFlaws, flaw)}_{flaw}.sql");
    }

    private static void AssertClean(RunReport report, IReadOnlyList<string> steps)
    {
        var survival = Survival(report);
        survival.Checks.Select(c => c.Step).Distinct().Should().Equal(steps);
        survival.Findings.Should().BeEmpty(string.Join("\n", survival.Findings.Select(f => $"{f.Rule.Id} {f.Message}")));
        survival.Checks.Should().OnlyContain(c => c.Covered, "every check judged its step");
    }

    private static void AssertEachFound(RunReport report, IReadOnlyList<string> flaws, Func<string, string> stepOf)
    {
        var survival = Survival(report);
        var found = string.Join("\n", survival.Findings.Select(f => $"{f.Rule.Id} {f.Location?.Path}:{f.Location?.Line} {f.Message}"));
        foreach (var flaw in flaws)
        {
            var file = Path.GetFileName(stepOf(flaw));
            survival.Findings.Should().Contain(
                f => f.Rule.Id == RuleOf[flaw] && f.Location != null && Path.GetFileName(f.Location.Path) == file,
                $"{flaw} must be found as {RuleOf[flaw]} in {file}; found:\n{found}");
        }

        survival.Findings.Where(f => f.Severity >= Harness.Findings.Severity.Medium)
            .Should().OnlyContain(f => flaws.Any(flaw => Path.GetFileName(f.Location!.Path) == Path.GetFileName(stepOf(flaw))), $"the clean migrations stay clean; found:\n{found}");
    }

    private static ScenarioResult Survival(RunReport report)
    {
        var survival = report.Scenarios.Single(s => s.ScenarioId == "survival");
        survival.Error.Should().BeNull();
        return survival;
    }
}
