using FluentAssertions;
using Harness.Manifest;
using Harness.Migrations;
using Harness.Runner;

namespace Harness.Tests.Manifest;

public sealed class MigrationVersionsManifestTests
{
    private const string Head = """
        version: 1
        tenancy:
          key: org_id
          root: orgs
          context:
            setting: app.org_id
        database:
          appRole: app_user
        migrations:

        """;

    [Fact]
    public void A_command_with_target_reads_its_versions_from_a_list()
    {
        var migrations = ManifestLoader.Parse(Head + "  command: [flyway, \"-target={target}\", migrate]\n  versions: [\"1\", \"1.1\", \"2\"]\n", "/x/h.yaml").Migrations!;

        migrations.Versions.Should().Equal("1", "1.1", "2");
        migrations.VersionsCommand.Should().BeNull();
    }

    [Fact]
    public void A_command_with_target_reads_the_command_that_prints_its_versions_and_a_string_with_spaces_runs_through_sh()
    {
        var manifest = ManifestLoader.Parse(Head + "  command: sh migrate.sh {target}\n  versions: { command: ls db/migrate }\n", "/x/h.yaml");

        manifest.Migrations!.Command.Should().Equal("sh", "-c", "sh migrate.sh {target}");
        manifest.Migrations.VersionsCommand.Should().Equal("sh", "-c", "ls db/migrate");
        manifest.Migrations.Versions.Should().BeNull();
        MigrationRunnerFactory.For(manifest).Should().BeOfType<SteppedCommandMigrator>();
    }

    [Fact]
    public void The_factory_steps_a_folder_and_a_target_command_but_not_a_command_without_target()
    {
        var plain = ManifestLoader.Parse(Head + "  command: [sh, migrate.sh]\n", "/x/h.yaml");
        var stepped = ManifestLoader.Parse(Head + "  command: [sh, migrate.sh, \"{target}\"]\n  versions: [a, b]\n", "/x/h.yaml");

        MigrationRunnerFactory.For(plain).Should().BeOfType<CommandMigrator>();
        MigrationRunnerFactory.SteppedFor(stepped).Should().BeOfType<SteppedCommandMigrator>();
        var refusal = FluentActions.Invoking(() => MigrationRunnerFactory.SteppedFor(plain)).Should().Throw<ManifestException>().Which;
        refusal.Line.Should().Be(9);
        refusal.Problem.Should().Contain("{target}").And.Contain("migrations.versions");
    }

    [Theory]
    [InlineData("  command: flyway -url=... -schemas=$HARNESS_SCHEMA -target={target} migrate\n  versions: [\"1\", \"1.1\", \"2\"]\n")]
    [InlineData("  command: dotnet ef database update {target} --connection \"$HARNESS_CONNECTION_STRING\"\n  versions: { command: \"dotnet ef migrations list --no-connect --prefix-output | sed -n 's/^data: *//p'\" }\n")]
    [InlineData("  command: bin/rails db:migrate VERSION={target}\n  versions: { command: \"ls db/migrate | cut -d_ -f1\" }\n")]
    [InlineData("  command: python manage.py migrate app {target}\n  versions: { command: \"ls app/migrations | grep '^0' | cut -d. -f1\" }\n")]
    public void The_readmes_examples_for_each_tool_load_as_stepped_commands(string lines)
    {
        var migrations = ManifestLoader.Parse(Head + lines, "/x/h.yaml").Migrations!;

        migrations.Command.Should().HaveCount(3).And.Subject.Last().Should().Contain("{target}");
        (migrations.Versions ?? migrations.VersionsCommand).Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("  command: [sh, migrate.sh, \"{target}\"]\n", 10, 12, "'migrations.command' has {target}, so the harness must know the versions")]
    [InlineData("  sqlFolder: migrations\n  versions: [a, b]\n", 11, 13, "'migrations.versions' is only for a migration command with {target}")]
    [InlineData("  command: [sh, migrate.sh]\n  versions: [a, b]\n", 11, 13, "'migrations.versions' needs {target} in 'migrations.command'")]
    [InlineData("  command: [sh, m.sh, \"{target}\"]\n  versions: []\n", 11, 13, "'migrations.versions' must be a list of versions oldest first")]
    [InlineData("  command: [sh, m.sh, \"{target}\"]\n  versions: V1\n", 11, 13, "'migrations.versions' must be a list of versions oldest first")]
    [InlineData("  command: [sh, m.sh, \"{target}\"]\n  versions: [a, b, a]\n", 11, 20, "version 'a' is listed twice")]
    [InlineData("  command: [sh, m.sh, \"{target}\"]\n  versions: { list: [a] }\n", 11, 15, "unknown key 'migrations.versions.list'; valid keys here are: command")]
    [InlineData("  command: [sh, m.sh, \"{target}\"]\n  versions: { command: [] }\n", 11, 24, "'migrations.versions.command' must be a program and its arguments")]
    public void Versions_that_do_not_fit_the_command_are_refused_at_their_line_and_column(string lines, int line, int column, string problem)
    {
        var error = FluentActions.Invoking(() => ManifestLoader.Parse(Head + lines, "/x/h.yaml")).Should().Throw<ManifestException>().Which;

        error.Problem.Should().StartWith(problem);
        (error.Line, error.Column).Should().Be((line, column), error.Message);
    }
}
