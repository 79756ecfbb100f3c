using System.Text.Json;
using FluentAssertions;
using Harness.Manifest;
using Harness.Provisioning;
using Harness.Runner;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Running;

/// <summary>
/// A family added from outside the harness's assemblies by one registration: its manifest section is read and validated
/// with the core's, it runs on a seeded worker of an app the harness was not built around, and it reports and gates.
/// </summary>
public sealed class FamilyContractTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ScenarioRegistry WithTiny => ScenarioRegistry.Default.Add(new TinyFamily());

    [Fact]
    public async Task A_registered_family_runs_on_a_seeded_worker_and_passes_the_gate_when_it_finds_nothing()
    {
        var (report, folder) = await RunAsync("tiny:\n  minRows: 1\n");

        report.ExitCode.Should().Be(0);
        var tiny = report.Scenarios.Should().ContainSingle().Subject;
        tiny.ScenarioId.Should().Be("tiny");
        tiny.Checks.Select(c => c.Subject).Should().BeEquivalentTo("workspaces", "boards", "cards");
        tiny.Checks.Should().OnlyContain(c => c.Passed && c.Probes == 3);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "report.json"), Token));
        json.RootElement.GetProperty("scenarios")[0].GetProperty("id").GetString().Should().Be("tiny");
    }

    [Fact]
    public async Task A_registered_family_gets_its_own_options_and_its_findings_fail_the_gate_in_every_report()
    {
        var (report, folder) = await RunAsync("tiny:\n  minRows: 1000\n");

        report.ExitCode.Should().Be(1);
        var findings = report.Findings.ToList();
        findings.Should().HaveCount(3 * 3).And.OnlyContain(f => f.Rule.Id == "TINY001" && f.Scenario == "tiny");
        findings.Should().Contain(f => f.Subject == "cards" && f.Message.EndsWith("rows in cards, fewer than 1000", StringComparison.Ordinal));
        (await File.ReadAllTextAsync(Path.Combine(folder, "junit.xml"), Token)).Should().Contain("TINY001");
        (await File.ReadAllTextAsync(Path.Combine(folder, "results.sarif"), Token)).Should().Contain("\"TINY001\"");
        (await File.ReadAllTextAsync(Path.Combine(folder, "summary.md"), Token)).Should().Contain("TINY001");
    }

    [Fact]
    public void A_family_section_is_validated_when_the_manifest_loads_with_file_line_and_column()
    {
        var bad = () => WithTiny.ParseManifest(Manifest("app") + "tiny:\n  minRows: -1\n", "/x/harness.yaml");
        var unknown = () => WithTiny.ParseManifest(Manifest("app") + "tiny:\n  minRow: 2\n", "/x/harness.yaml");

        bad.Should().Throw<ManifestException>().WithMessage("/x/harness.yaml:*: 'tiny.minRows' must be a whole number from 0 to 1000000");
        unknown.Should().Throw<ManifestException>().WithMessage("/x/harness.yaml:*: unknown key 'tiny.minRow'; valid keys here are: minRows");
    }

    [Fact]
    public void Without_the_family_its_section_is_an_unknown_key_and_its_id_an_unknown_scenario()
    {
        var parse = () => ScenarioRegistry.Default.ParseManifest(Manifest("app") + "tiny:\n  minRows: 2\n", "/x/harness.yaml");
        var select = () => ScenarioRegistry.Default.Select(["tiny"]);

        parse.Should().Throw<ManifestException>().WithMessage("*unknown key 'tiny'; valid keys here are: version, name, tenancy, database, migrations, seed, target, credentials, endpoints, idor, quota, soak, survival, chaos");
        select.Should().Throw<Harness.Errors.UsageException>().WithMessage("unknown scenario 'tiny'; valid: all, audit, rls, idor, quota, soak, survival, chaos");
        WithTiny.Select(["all"]).Select(s => s.Id).Should().Equal("audit", "rls", "idor", "quota", "soak", "survival", "chaos", "tiny");
    }

    [Fact]
    public void The_registry_refuses_a_second_family_with_a_taken_id_or_manifest_section()
    {
        var sameId = () => WithTiny.Add(new TinyFamily());
        var takenSection = () => ScenarioRegistry.Empty.Add(new SectionThief());

        sameId.Should().Throw<ArgumentException>().WithMessage("a scenario family with id 'tiny' is registered already*");
        takenSection.Should().Throw<ArgumentException>().WithMessage("scenario family 'thief' reads manifest section 'target', which is taken*");
        ScenarioRegistry.Default.All.Should().HaveCount(7, "adding returns a new registry and leaves the default alone");
    }

    private async Task<(Harness.Reporting.RunReport Report, string Folder)> RunAsync(string section)
    {
        var role = $"tiny_app_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await connection.OpenAsync(Token);
            await using var create = new NpgsqlCommand($"CREATE ROLE {role} LOGIN PASSWORD '{role}'", connection);
            await create.ExecuteNonQueryAsync(Token);
        }

        var folder = Directory.CreateTempSubdirectory("harness-tiny-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "migrations"));
        await File.WriteAllTextAsync(Path.Combine(folder, "migrations", "001_boards.sql"), """
            CREATE TABLE workspaces (id uuid PRIMARY KEY, name text NOT NULL);
            CREATE TABLE boards (
                workspace_id uuid NOT NULL REFERENCES workspaces (id),
                id uuid NOT NULL,
                title text NOT NULL,
                PRIMARY KEY (workspace_id, id));
            CREATE TABLE cards (
                workspace_id uuid NOT NULL,
                id bigint GENERATED ALWAYS AS IDENTITY,
                board_id uuid NOT NULL,
                body text,
                PRIMARY KEY (workspace_id, id),
                FOREIGN KEY (workspace_id, board_id) REFERENCES boards (workspace_id, id));
            """, Token);
        var manifest = Path.Combine(folder, "harness.yaml");
        await File.WriteAllTextAsync(manifest, Manifest(role) + "migrations:\n  sqlFolder: migrations\nseed:\n  rowsPerTable: 2\n" + section, Token);
        var options = new RunOptions
        {
            ManifestPath = manifest,
            Postgres = postgres.AdminConnectionString,
            Tenants = 3,
            Scenarios = ["tiny"],
            Families = WithTiny,
            ReportsRoot = Path.Combine(folder, "reports"),
        };

        return await new RunPipeline(options, new Progress<string>()).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), Token);
    }

    private static string Manifest(string appRole) => $"""
        version: 1
        name: boards
        tenancy:
          key: workspace_id
          root: workspaces
          context:
            setting: app.workspace_id
        database:
          appRole: {appRole}

        """;

    private sealed class SectionThief : Harness.Running.IScenario
    {
        public string Id => "thief";

        public IReadOnlyList<Harness.Findings.Rule> Rules => [];

        public Harness.Running.ScenarioNeeds Needs => Harness.Running.ScenarioNeeds.None;

        public string? SectionKey => "target";

        public Task<Harness.Running.ScenarioResult> RunAsync(Harness.Running.ScenarioContext context, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
