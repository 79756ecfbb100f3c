using FluentAssertions;
using Harness.Drills;
using Harness.Drills.Move;
using Harness.Errors;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Move;

/// <summary>
/// The move drill on the shared server (its pool and cell are databases it creates and drops): on the sample's manifest and on
/// a manifest of the tests' own schema, clean and with each planted flaw of the reference mover under its rule. The drill's own
/// cluster is started once, by the CLI test (<see cref="DrillMoveCommandTests"/>).
/// </summary>
public sealed class MoveDrillTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_clean_drill_on_the_sample_passes_and_times_each_step()
    {
        var (result, target, _) = await MoveDrill.RunAsync(Options(RepositoryPaths.SampleManifest, MoverFlaw.None) with { Tenant = "1" }, Token);

        result.Findings.Should().BeEmpty();
        result.NotCovered.Should().BeEmpty();
        result.Metrics.Select(m => m.Name).Should().Contain(["create pool and cell", "seed pool", "copy", "delete from pool", "verify"]);
        result.Metrics.Single(m => m.Name == "rows moved").Value.Should().BeGreaterThan(0);
        target.Should().Contain("tenant ");
    }

    [Theory]
    [InlineData(nameof(MoverFlaw.ForgetsChildTable), "MOV002")]
    [InlineData(nameof(MoverFlaw.LeavesLeftovers), "MOV003")]
    public async Task Each_flaw_of_the_mover_on_the_sample_is_found_under_its_rule(string flaw, string rule)
    {
        var (result, _, _) = await MoveDrill.RunAsync(Options(RepositoryPaths.SampleManifest, Enum.Parse<MoverFlaw>(flaw)), Token);

        result.Findings.Should().NotBeEmpty().And.OnlyContain(f => f.Rule.Id == rule);
    }

    [Fact]
    public async Task The_foreign_key_flaw_needs_a_table_without_the_key_and_the_sample_has_none()
    {
        var act = () => MoveDrill.RunAsync(Options(RepositoryPaths.SampleManifest, MoverFlaw.CopiesOtherTenantsThroughForeignKey), Token);

        await act.Should().ThrowAsync<UsageException>().WithMessage("*reached only through foreign keys*");
    }

    [Fact]
    public async Task On_a_schema_of_its_own_the_drill_passes_clean_and_finds_the_rows_carried_through_a_foreign_key()
    {
        var manifest = await OwnManifestAsync();

        var (clean, _, _) = await MoveDrill.RunAsync(Options(manifest, MoverFlaw.None), Token);
        var (carried, _, _) = await MoveDrill.RunAsync(Options(manifest, MoverFlaw.CopiesOtherTenantsThroughForeignKey), Token);

        clean.Findings.Should().BeEmpty();
        clean.NotCovered.Should().BeEmpty();
        clean.Metrics.Single(m => m.Name == "rows moved").Value.Should().BeGreaterThan(0);
        carried.Findings.Should().NotBeEmpty().And.OnlyContain(f => f.Rule == DrillRules.MoveCarriedOtherTenant);
        carried.Findings.Select(f => f.Subject).Should().BeEquivalentTo("project_notes", "note_reactions");
    }

    private MoveDrillOptions Options(string manifest, MoverFlaw flaw) =>
        new() { ManifestPath = manifest, Tenants = 3, Flaw = flaw, Server = postgres.Server };

    /// <summary>The own schema as a one-file SQL folder (rows come from the seeder and the triggers), and a manifest for it.</summary>
    private static async Task<string> OwnManifestAsync()
    {
        var folder = Directory.CreateTempSubdirectory("harness-move-own-").FullName;
        var migrations = Directory.CreateDirectory(Path.Combine(folder, "migrations")).FullName;
        var role = OwnSchema.NewRole();
        await File.WriteAllTextAsync(Path.Combine(migrations, "001_schema.sql"), OwnSchema.Ddl(role), Token);
        var manifest = Path.Combine(folder, "harness.yaml");
        await File.WriteAllTextAsync(manifest, $"""
            version: 1
            name: own-accounts
            tenancy:
              key: account_no
              root: accounts
              rootKey: account_no
              global: [currencies]
              context:
                setting: app.account
            database:
              appRole: {role}
            migrations:
              sqlFolder: migrations
            seed:
              tenants: 3
              usersPerTenant: 1
              rowsPerTable: 2
            """, Token);
        return manifest;
    }
}
