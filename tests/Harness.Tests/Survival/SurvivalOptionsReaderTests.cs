using FluentAssertions;
using Harness.Manifest;
using Harness.Runner;
using Harness.Scenarios.Survival;

namespace Harness.Tests.Survival;

/// <summary>The manifest's survival section: the documented syntax and defaults, and every bad value refused at its line and column.</summary>
public sealed class SurvivalOptionsReaderTests
{
    private const string Head = "version: 1\ntenancy:\n  key: org_id\n  root: orgs\n  context:\n    setting: app.org_id\ndatabase:\n  appRole: app\nmigrations:\n  command: [sh, migrate.sh]\n";

    [Fact]
    public void The_documented_section_reads_with_its_defaults()
    {
        var options = Read("survival:\n  from: 005_add_invoices.sql\n  expectedDataChanges:\n    - { migration: 007_archive.sql, table: sign_ins }\n    - table: audit_log\n");

        options.From.Should().Be("005_add_invoices.sql");
        options.Pairs.Should().Be(3);
        options.ExpectedDataChanges.Should().Equal(new ExpectedDataChange("007_archive.sql", "sign_ins"), new ExpectedDataChange(null, "audit_log"));
        ((Harness.Running.IScenario)new SurvivalScenario()).IsConfigured(options).Should().BeTrue();
        ((Harness.Running.IScenario)new SurvivalScenario()).IsConfigured(null).Should().BeFalse("without the section, all leaves survival out");
    }

    [Theory]
    [InlineData("survival:\n  pairs: 3\n", 12, "missing 'survival.from'")]
    [InlineData("survival:\n  from: 005\n  pairs: 1\n", 13, "'survival.pairs' must be")]
    [InlineData("survival:\n  from: 005\n  expectedDataChanges: sign_ins\n", 13, "'survival.expectedDataChanges' must be a list")]
    [InlineData("survival:\n  from: 005\n  expectedDataChanges:\n    - { migration: 007 }\n", 14, "missing 'survival.expectedDataChanges[0].table'")]
    [InlineData("survival:\n  from: 005\n  form: 006\n", 13, "unknown key 'survival.form'")]
    public void A_bad_value_is_refused_at_its_line(string section, int line, string message)
    {
        var read = () => Read(section);

        read.Should().Throw<ManifestException>().WithMessage($"/x/harness.yaml:{line}:*{message}*");
    }

    private static SurvivalOptions Read(string section) =>
        ScenarioRegistry.Default.ParseManifest(Head + section, "/x/harness.yaml").Section<SurvivalOptions>("survival")!;
}
