using FluentAssertions;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Running;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Survival;

/// <summary>
/// Migration survival end to end on a target of its own (a SQL folder, schema per worker): a clean later migration passes
/// every check, and a history of flawed later migrations is reported rule by rule against the file that broke it.
/// </summary>
public sealed class SurvivalRunTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_clean_later_migration_passes_every_check_and_the_audit_and_matrix_run_on_the_latest_version()
    {
        var (report, progress) = await RunAsync([("003_labels.sql", ProjectsTarget.CleanLabels)]);

        var survival = report.Scenarios.Single(s => s.ScenarioId == "survival");
        survival.Error.Should().BeNull();
        survival.Findings.Should().BeEmpty();
        survival.Checks.Should().OnlyContain(c => c.Step == "003_labels.sql");
        survival.Checks.Where(c => c.Rule.Id == "MIG004").Should().OnlyContain(c => c.Covered, "the quick matrix ran at the baseline and after the step");
        survival.Artifacts.Should().ContainSingle(a => a.FileName == "diff.json");
        report.Scenarios.Select(s => s.ScenarioId).Should().Contain(["audit", "rls"], "the audit and the matrix are survival's companions");
        progress.Should().Contain(l => l.Contains("migrated to 002_row_level_security.sql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_flawed_later_migration_is_reported_under_its_rule_against_its_own_file()
    {
        var (report, _) = await RunAsync(
        [
            ("003_labels.sql", ProjectsTarget.CleanLabels),
            ("004_rebuild_tasks.sql", """
                -- rebuild tasks to reorder its columns
                CREATE TABLE tasks_new (LIKE tasks INCLUDING ALL);
                INSERT INTO tasks_new SELECT * FROM tasks;
                DROP TABLE tasks;
                ALTER TABLE tasks_new RENAME TO tasks;
                GRANT SELECT, INSERT, UPDATE, DELETE ON tasks TO survival_app;
                """),
            ("005_share_projects.sql", "GRANT SELECT ON projects TO PUBLIC;\n"),
            ("006_project_summary.sql", """
                ALTER TABLE projects ADD COLUMN summary text;
                UPDATE projects SET summary = (SELECT t.note FROM tasks t ORDER BY t.id LIMIT 1);
                """),
            ("007_prune_projects.sql", """
                DELETE FROM tasks WHERE account_id = (SELECT id FROM accounts ORDER BY id LIMIT 1);
                """),
        ]);

        var survival = report.Scenarios.Single(s => s.ScenarioId == "survival");
        survival.Error.Should().BeNull();
        string FileOf(string rule) => survival.Findings.Where(f => f.Rule.Id == rule).Select(f => Path.GetFileName(f.Location!.Path)).Distinct().Single();
        survival.Checks.Where(c => c.Step == "003_labels.sql").Should().OnlyContain(c => c.Findings.Count == 0, "the clean step stays clean among flawed ones");
        FileOf("MIG001").Should().Be("004_rebuild_tasks.sql");
        survival.Findings.Single(f => f.Rule.Id == "MIG001").Location!.Line.Should().Be(2, "the LIKE statement copied neither RLS nor FORCE");
        survival.Findings.Single(f => f.Rule.Id == "MIG009").Location!.Line.Should().Be(2, "the LIKE statement copied no foreign key");
        FileOf("MIG006").Should().Be("005_share_projects.sql");
        FileOf("MIG004").Should().Be("004_rebuild_tasks.sql", "a regression is reported once, against the step that made it");
        survival.Findings.Should().ContainSingle(f => f.Rule.Id == "MIG004").Which.Subject.Should().Be("tasks");
        survival.Findings.Where(f => f.Rule.Id == "MIG010").Select(f => Path.GetFileName(f.Location!.Path)).Should().BeEquivalentTo(["006_project_summary.sql", "007_prune_projects.sql"]);
        survival.Findings.Single(f => f.Rule.Id == "MIG010" && f.Location!.Path.EndsWith("006_project_summary.sql", StringComparison.Ordinal))
            .Message.Should().Contain("canary");
        survival.Findings.Where(f => f.Rule.Id == "MIG013").Select(f => Path.GetFileName(f.Location!.Path)).Should().Contain(["004_rebuild_tasks.sql", "005_share_projects.sql"]);
        survival.Findings.Where(f => f.Rule.Id is not ("MIG001" or "MIG006" or "MIG009" or "MIG010" or "MIG013" or "MIG004"))
            .Should().BeEmpty("no other rule applies to these migrations");
        report.ExitCode.Should().Be(1);
    }

    private async Task<(RunReport Report, IReadOnlyList<string> Progress)> RunAsync(IReadOnlyList<(string File, string Sql)> later)
    {
        var manifest = await ProjectsTarget.ManifestAsync(postgres, later, Token);
        var progress = new ProgressLines();
        var options = new RunOptions
        {
            ManifestPath = manifest,
            Tenants = 4,
            Scenarios = ["survival"],
            ReportsRoot = Directory.CreateTempSubdirectory("harness-survival-").FullName,
        };
        var (report, _) = await new RunPipeline(options, progress).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), Token);
        return (report, [.. progress.All]);
    }
}
