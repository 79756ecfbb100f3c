using FluentAssertions;
using Harness.Drills.Move;
using Harness.Tests.Infrastructure;

namespace Harness.Tests.Drills.Move;

/// <summary><c>harness verify-move</c> as a user runs it, as a role that may only SELECT: 0 clean, 1 findings, 2 bad input.</summary>
public sealed class VerifyMoveCommandTests(PostgresFixture postgres)
{
    private static readonly string[] Tenancy = ["--tenant-key", "account_no", "--root", "accounts", "--root-key", "account_no", "--global", "currencies"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exit_codes_are_0_for_a_clean_move_1_for_a_forgotten_table_and_2_for_bad_input()
    {
        var role = OwnSchema.NewRole();
        var source = await OwnSchema.CreateAsync(postgres, "vmc_pool", rows: true, role, Token);
        var clean = await OwnSchema.CreateAsync(postgres, "vmc_clean", rows: false, role, Token);
        var flawed = await OwnSchema.CreateAsync(postgres, "vmc_flawed", rows: false, role, Token);
        var tables = TenantTables.From(await TenantRowReader.ReadCatalogAsync(postgres.AdminConnectionString, source, Token), OwnSchema.Tenancy);
        await ReferenceMover.CopyAsync(postgres.AdminConnectionString, source, postgres.AdminConnectionString, clean, tables, "2", MoverFlaw.None, Token);
        await ReferenceMover.CopyAsync(postgres.AdminConnectionString, source, postgres.AdminConnectionString, flawed, tables, "2", MoverFlaw.ForgetsChildTable, Token);
        var reader = await OwnSchema.ReaderAsync(postgres, bypassRls: true, Token, source, clean, flawed);
        var reports = Directory.CreateTempSubdirectory("harness-verify-move-").FullName;
        string[] Args(string target, string tenant, params string[] more) =>
            ["verify-move", "--source", reader, "--target", reader, "--tenant", tenant, "--schema", source, "--target-schema", target, "--plain", "--reports", reports, .. more];

        var passed = await CliProcess.HarnessAsync([.. Args(clean, "2"), .. Tenancy], cancellationToken: Token);
        var found = await CliProcess.HarnessAsync([.. Args(flawed, "2"), .. Tenancy], cancellationToken: Token);
        var noTenancy = await CliProcess.HarnessAsync(Args(clean, "2"), cancellationToken: Token);
        var unknown = await CliProcess.HarnessAsync([.. Args(clean, "99"), .. Tenancy], cancellationToken: Token);
        var both = await CliProcess.HarnessAsync([.. Args(clean, "2", "--manifest", RepositoryPaths.SampleManifest), .. Tenancy], cancellationToken: Token);
        var noSnapshotFile = await CliProcess.HarnessAsync([.. Args(clean, "2", "--snapshot", Path.Combine(reports, "none.json")), .. Tenancy], cancellationToken: Token);

        passed.ExitCode.Should().Be(0, passed.ToString());
        found.ExitCode.Should().Be(1, found.ToString());
        found.Stdout.Should().Contain("MOV002").And.Contain(tables.InForeignKeyOrder[^1].Name);
        noTenancy.ExitCode.Should().Be(2);
        noTenancy.Stderr.Should().Contain("--tenant-key");
        unknown.ExitCode.Should().Be(2);
        unknown.Stderr.Should().Contain("no row");
        both.ExitCode.Should().Be(2);
        both.Stderr.Should().Contain("not both");
        noSnapshotFile.ExitCode.Should().Be(2, noSnapshotFile.ToString());
        Directory.GetFiles(reports, "report.json", SearchOption.AllDirectories).Should().HaveCount(2, "a report for each run that judged");
    }
}
