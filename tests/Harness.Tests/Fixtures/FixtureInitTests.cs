using FluentAssertions;
using Harness.Findings;
using Harness.Init;
using Harness.Provisioning;
using Harness.Reporting;
using Harness.Runner;
using Harness.Tests.Infrastructure;
using Npgsql;

namespace Harness.Tests.Fixtures;

/// <summary>
/// <c>harness init</c> on each new fixture's migrated database, with its migrations folder: the manifest it writes names
/// the same tenancy as the fixture's own, and runs as written (audit and RLS matrix, nothing filled in by hand but the app
/// role's password, which no catalog holds) to the end
/// without a cross-tenant finding.
/// </summary>
public sealed class FixtureInitTests(PostgresFixture postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("supabase-target", "migrations")]
    [InlineData("prisma-target", "prisma/migrations")]
    public async Task Init_writes_a_manifest_that_runs_as_written(string fixture, string migrations)
    {
        var folder = FixtureRun.Folder(fixture);
        await Harness.Tests.Rls.SupabaseLike.CreateRolesAsync(postgres.AdminConnectionString, Token);
        var database = $"h_init_{Guid.NewGuid():N}"[..24];
        await ExecuteAsync($"CREATE DATABASE \"{database}\"");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Database = database, Pooling = false };
            var migrated = await CliProcess.RunAsync("sh", ["migrate.sh"], folder, new Dictionary<string, string>
            {
                ["PGHOST"] = connection.Host!, ["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PGUSER"] = connection.Username!, ["PGPASSWORD"] = connection.Password ?? "", ["PGDATABASE"] = database,
            }, Token);
            migrated.ExitCode.Should().Be(0, migrated.ToString());
            var output = Path.Combine(Directory.CreateTempSubdirectory($"harness-init-{fixture}-").FullName, "harness.yaml");

            var init = await ManifestInitializer.RunAsync(
                new InitOptions { ConnectionString = connection.ConnectionString, OutputPath = output, MigrationsFolder = Path.Combine(folder, migrations) }, Token);

            var own = await ScenarioRegistry.Default.LoadManifestAsync(Path.Combine(folder, "harness.yaml"), Token);
            // A password is the one thing no catalog tells: init leaves it commented out, as a user fills it in.
            await File.WriteAllTextAsync(
                output,
                (await File.ReadAllTextAsync(output, Token)).Replace("  # appPassword: ...", $"  appPassword: {own.Database.AppPassword}", StringComparison.Ordinal),
                Token);
            var written = await ScenarioRegistry.Default.LoadManifestAsync(output, Token);
            (written.Tenancy.Key, written.Tenancy.Root, written.Tenancy.Membership, written.Tenancy.MembershipUser)
                .Should().Be((own.Tenancy.Key, own.Tenancy.Root, own.Tenancy.Membership, own.Tenancy.MembershipUser), init.Text);
            written.Tenancy.Context.Steps.Should().BeEquivalentTo(own.Tenancy.Context.Steps, init.Text);
            (written.Database.AppRole, written.Database.Isolation).Should().Be((own.Database.AppRole, own.Database.Isolation), init.Text);

            var options = new RunOptions
            {
                ManifestPath = output,
                Tenants = 4,
                Scenarios = ["audit", "rls"],
                ReportsRoot = Directory.CreateTempSubdirectory($"harness-init-run-{fixture}-").FullName,
            };
            var (report, _) = await new RunPipeline(options, new Progress<string>()).RunAsync(new ExternalServerProvider(postgres.AdminConnectionString), Token);

            report.Scenarios.Select(s => s.Error).Should().AllBeEquivalentTo((string?)null, init.Text);
            report.Findings.Where(f => f.Severity >= Severity.High).Select(f => $"{f.Rule.Id} {f.Subject}: {f.Message}").Should().BeEmpty(init.Text);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Token);
    }
}
