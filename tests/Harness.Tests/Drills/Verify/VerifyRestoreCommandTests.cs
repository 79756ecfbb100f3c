using FluentAssertions;
using Harness.Snapshots;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Drills.Verify;

/// <summary>
/// <c>harness snapshot</c> then <c>harness verify-restore</c> as a user would run them, as a role that may only SELECT:
/// exit 0 on a faithful restore, 1 on a flawed one, 2 when it cannot judge (no snapshot file, a snapshot of another schema,
/// a target before the snapshot, rows row-level security hides from the role); the restored database is left as it was.
/// </summary>
public sealed class VerifyRestoreCommandTests(PostgresFixture postgres)
{
    private const string Reader = "harness_verify_reader";
    private const string Filtered = "harness_verify_filtered";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_select_only_role_snapshots_and_verifies_exit_0_on_a_faithful_copy_and_1_on_a_flawed_one_and_writes_nothing()
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        await GrantReadAsync(db, Reader, bypassRls: true);
        var folder = Directory.CreateTempSubdirectory("harness-verify-restore-").FullName;
        var snapshot = Path.Combine(folder, "snapshot.json");
        var taken = await CliProcess.HarnessAsync(
            ["snapshot", "--db", As(db.Source, Reader), "--schema", RestoreDatabases.Schema, "--tenant-key", "org_ref", "--root", "orgs", "--root-key", "code", "-o", snapshot],
            cancellationToken: Token);
        taken.ExitCode.Should().Be(0, taken.ToString());
        var clean = await db.CopyAsync(Token);
        var flawed = await db.CopyAsync(Token);
        await RestoreDatabases.Execute(flawed, "DELETE FROM projects WHERE id = 2", Token);
        var before = await SnapshotReader.ReadAsync(flawed, RestoreDatabases.Schema, OrgLayout.Scope, Token);

        var passed = await VerifyAsync(As(clean, Reader), snapshot, folder);
        var failed = await VerifyAsync(As(flawed, Reader), snapshot, folder, "--at", DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"));

        passed.ExitCode.Should().Be(0, passed.ToString());
        failed.ExitCode.Should().Be(1, failed.ToString());
        failed.Stdout.Should().Contain("RST002").And.Contain("projects tenant acme");
        var after = await SnapshotReader.ReadAsync(flawed, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        SnapshotDiff.Between(before, after).IsEmpty.Should().BeTrue("verify-restore only reads");
        var report = Directory.GetFiles(folder, "report.json", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        report.Should().Contain(r => r.Contains("recovery target time"), "the report records the --at it was given");
    }

    [Fact]
    public async Task A_role_that_row_level_security_filters_is_told_so_and_exit_is_2()
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        await GrantReadAsync(db, Filtered, bypassRls: false);
        var folder = Directory.CreateTempSubdirectory("harness-verify-restore-").FullName;
        var snapshot = Path.Combine(folder, "snapshot.json");
        await SnapshotJson.WriteAsync(snapshot, await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token), Token);
        var restored = await db.CopyAsync(Token);

        var result = await VerifyAsync(As(restored, Filtered), snapshot, folder);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("row-level security");
    }

    [Fact]
    public async Task Bad_input_exits_2_and_says_what_to_do()
    {
        await using var db = await RestoreDatabases.CreateAsync(postgres, OrgLayout.Build(OrgLayout.NewRole()), Token);
        var folder = Directory.CreateTempSubdirectory("harness-verify-restore-").FullName;
        var expected = await SnapshotReader.ReadAsync(db.Source, RestoreDatabases.Schema, OrgLayout.Scope, Token);
        var snapshot = Path.Combine(folder, "snapshot.json");
        var elsewhere = Path.Combine(folder, "elsewhere.json");
        await SnapshotJson.WriteAsync(snapshot, expected, Token);
        await SnapshotJson.WriteAsync(elsewhere, expected with { Schema = "no_such_schema" }, Token);

        var missingFile = await VerifyAsync(db.Source, Path.Combine(folder, "none.json"), folder);
        var otherSchema = await VerifyAsync(db.Source, elsewhere, folder);
        var earlyTime = await VerifyAsync(db.Source, snapshot, folder, "--at", "2000-01-01T00:00:00Z");
        var earlyLsn = await VerifyAsync(db.Source, snapshot, folder, "--at", "0/1");
        var notAPoint = await VerifyAsync(db.Source, snapshot, folder, "--at", "last tuesday");
        var probeAlone = await VerifyAsync(db.Source, snapshot, folder, "--probe");

        missingFile.ExitCode.Should().Be(2);
        missingFile.Stderr.Should().Contain("none.json");
        otherSchema.ExitCode.Should().Be(2);
        otherSchema.Stderr.Should().Contain("no_such_schema").And.Contain("does not exist");
        earlyTime.ExitCode.Should().Be(2);
        earlyTime.Stderr.Should().Contain("after the restore's target --at 2000-01-01T00:00:00Z");
        earlyLsn.ExitCode.Should().Be(2);
        earlyLsn.Stderr.Should().Contain("after the restore's target --at 0/1");
        notAPoint.ExitCode.Should().Be(2);
        notAPoint.Stderr.Should().Contain("neither a WAL position");
        probeAlone.ExitCode.Should().Be(2);
        probeAlone.Stderr.Should().Contain("give --manifest and --ledger");
    }

    [Fact]
    public async Task With_a_manifest_the_catalog_audit_of_the_restored_database_is_in_the_same_report()
    {
        await using var db = await RestoreDatabases.SampleAsync(postgres, Token);
        var folder = Directory.CreateTempSubdirectory("harness-verify-restore-").FullName;
        var snapshot = Path.Combine(folder, "snapshot.json");
        var taken = await CliProcess.HarnessAsync(
            ["snapshot", "--db", db.Source, "--schema", RestoreDatabases.Schema, "--manifest", RepositoryPaths.SampleManifest, "-o", snapshot], cancellationToken: Token);
        taken.ExitCode.Should().Be(0, taken.ToString());
        var restored = await db.CopyAsync(Token);

        var result = await VerifyAsync(restored, snapshot, folder, "--manifest", RepositoryPaths.SampleManifest);

        result.ExitCode.Should().Be(0, result.ToString());
        var report = File.ReadAllText(Directory.GetFiles(folder, "report.json", SearchOption.AllDirectories).Single());
        report.Should().Contain("\"restore\"").And.Contain("\"audit\"");
    }

    private static Task<CliProcess.Result> VerifyAsync(string restored, string snapshot, string folder, params string[] more) =>
        CliProcess.HarnessAsync(["verify-restore", "--db", restored, "--snapshot", snapshot, "--reports", folder, "--plain", .. more], cancellationToken: Token);

    /// <summary>A login that may connect, use the schema and SELECT its tables, nothing else (with or without BYPASSRLS).</summary>
    private static async Task GrantReadAsync(RestoreDatabases db, string role, bool bypassRls)
    {
        await db.AdminAsync(
            $"DO $$ BEGIN CREATE ROLE {role} LOGIN {(bypassRls ? "BYPASSRLS" : "NOBYPASSRLS")} PASSWORD '{role}'; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
            Token);
        await RestoreDatabases.Execute(db.Source, $"GRANT USAGE ON SCHEMA app TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA app TO {role};", Token);
    }

    private static string As(string connectionString, string role) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Username = role, Password = role }.ConnectionString;
}
