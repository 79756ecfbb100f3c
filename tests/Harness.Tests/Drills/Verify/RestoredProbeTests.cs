using FluentAssertions;
using Harness.Drills.Verify;
using Harness.Runner;
using Harness.Scenarios.Rls;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Verify;

/// <summary><c>--probe</c>: the RLS matrix on a restored copy of the seeded sample passes, and finds row-level security a restore lost.</summary>
public sealed class RestoredProbeTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_matrix_passes_on_a_faithful_copy_and_fails_where_the_restore_lost_row_level_security()
    {
        await using var db = await RestoreDatabases.SampleAsync(postgres, Token);
        var manifest = await ScenarioRegistry.Default.LoadManifestAsync(RepositoryPaths.SampleManifest, Token);
        var clean = await db.CopyAsync(Token);
        var flawed = await db.CopyAsync(Token);
        var table = db.Ledger!.Tenants[0].Tables.First(t => t.Table != manifest.Tenancy.Root).Table;
        await RestoreDatabases.Execute(flawed, $"ALTER TABLE \"{table}\" DISABLE ROW LEVEL SECURITY", Token);

        var passed = await RestoredProbe.RunAsync(clean, RestoreDatabases.Schema, manifest, db.Ledger, Token);
        var failed = await RestoredProbe.RunAsync(flawed, RestoreDatabases.Schema, manifest, db.Ledger, Token);

        passed.ScenarioId.Should().Be(RlsMatrix.ScenarioId);
        passed.Error.Should().BeNull();
        passed.Findings.Should().BeEmpty();
        passed.Probes.Should().BeGreaterThan(0);
        failed.Findings.Should().Contain(f => f.Subject.Contains(table), string.Join("; ", failed.Findings.Select(f => f.Subject)));
    }
}
