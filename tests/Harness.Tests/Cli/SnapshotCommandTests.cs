using FluentAssertions;
using Harness.Seeders;
using Harness.Snapshots;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Cli;

/// <summary>
/// <c>harness snapshot</c> on a seeded copy of the sample's schema, run as a role that may only read it: the snapshot holds
/// the catalog, a digest per tenant and table and where the ledger's canaries live, and an existing file is kept.
/// </summary>
public sealed class SnapshotCommandTests(PostgresFixture postgres)
{
    private const string Reader = "harness_snapshot_reader";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_select_only_role_writes_the_snapshot_with_digests_and_canaries_and_an_existing_file_is_kept()
    {
        var sample = await SampleSchema.CreateAsync(postgres, "snapshotcli", cancellationToken: Token);
        var ledger = await new TenantSeeder(sample.Model, sample.Catalog, new SeedOptions { Tenants = 3, UsersPerTenant = 1, RowsPerTable = 2 })
            .SeedAsync(sample.ConnectionString, cancellationToken: Token);
        var folder = Directory.CreateTempSubdirectory("harness-snapshot-").FullName;
        var ledgerPath = Path.Combine(folder, "ledger.json");
        await ledger.SaveAsync(ledgerPath, Token);
        var readOnly = await ReaderConnectionAsync(sample.Schema);
        var output = Path.Combine(folder, "snapshot.json");

        var result = await CliProcess.HarnessAsync(
            ["snapshot", "--db", readOnly, "--schema", sample.Schema, "--manifest", RepositoryPaths.SampleManifest, "--ledger", ledgerPath, "-o", output],
            cancellationToken: Token);

        result.ExitCode.Should().Be(0, result.Stderr);
        var snapshot = await SnapshotJson.ReadSnapshotAsync(output, Token);
        snapshot.Schema.Should().Be(sample.Schema);
        snapshot.Security.Tables.Select(t => t.Name).Should().Contain(sample.Model.TenantTables.Select(t => t.Value));
        snapshot.Data.Where(d => d.Table == sample.Model.Root.Value).Select(d => d.TenantId).Should().BeEquivalentTo(ledger.Tenants.Select(t => t.TenantId));
        snapshot.Canaries.Select(c => c.Token).Should().Contain(ledger.Tenants[0].Canaries[0]);
        snapshot.Lsn.Should().NotBeNullOrEmpty();

        var again = await CliProcess.HarnessAsync(["snapshot", "--db", readOnly, "--schema", sample.Schema, "-o", output], cancellationToken: Token);

        again.ExitCode.Should().Be(2);
        again.Stderr.Should().Contain("exists; pass --force");
        (await SnapshotJson.ReadSnapshotAsync(output, Token)).Data.Should().NotBeEmpty("the first snapshot is kept");
    }

    /// <summary>A login that may use the schema and SELECT its tables, and nothing else (BYPASSRLS, so no policy hides rows from the digests).</summary>
    private async Task<string> ReaderConnectionAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(
            $"""
            DO $$ BEGIN CREATE ROLE {Reader} LOGIN BYPASSRLS PASSWORD '{Reader}'; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            GRANT USAGE ON SCHEMA "{schema}" TO {Reader};
            GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO {Reader};
            """,
            connection);
        await command.ExecuteNonQueryAsync(Token);
        return new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Username = Reader, Password = Reader }.ConnectionString;
    }
}
